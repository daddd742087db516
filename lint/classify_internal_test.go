package lint

import (
	"fmt"
	"testing"
)

func TestClassify(t *testing.T) {
	const from = "FROM alpine:3.20\n"
	const td = `{"containerDefinitions": [{"name": "a", "image": "nginx"}]}`
	tests := []struct {
		name string
		src  string
		want class
	}{
		{"Dockerfile", "", classDockerfile},
		{"dockerfile", "", classDockerfile},
		{"Containerfile", "", classDockerfile},
		{"Dockerfile.windows", "", classDockerfile},
		{"Dockerfile-linux.template", "", classDockerfile},
		{"DockerfileTask", "", classDockerfile},
		{"api.Dockerfile", "", classDockerfile},
		{"Pause-Dockerfile", "", classDockerfile},
		{"windows.dockerfile", "", classDockerfile},
		{"Dockerfile.md", from, classNone},
		{"dockerfile_test.go", from, classNone},
		{"my_dockerfile_notes", "just text\n", classNone},
		{"x__dockerfile__parser__testfiles__args__result", "(from \"ubuntu\")\n", classNone},
		{"app__Dockerfile.simple__copy", from, classDockerfile},
		{"taskdef.json", td, classTaskDefJSON},
		{"td-nginx.template", `{"containerDefinitions": [{"image": @VERSION@}]}`, classTaskDefJSON},
		{"cb_app.json.tpl", `[{"name": "app", "image": "${img}", "essential": true, "cpu": ${cpu}}]`, classTaskDefJSON},
		{"package.json", `{"name": "x"}`, classNone},
		{"stack.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n", classUnsupported},
		{"main.tf", `resource "aws_ecs_task_definition" "x" {}`, classUnsupported},
		{"vars.tf", `variable "x" {}`, classNone},
		{"notes.yaml", "a: b\n", classNone},
		{"taskdef.yaml", "family: web\ncontainerDefinitions:\n  - name: web\n", classUnsupported},
		{"README.md", "# FROM alpine\n", classNone},
		// Bare container arrays: by content (name and image in every
		// element) or by name; a single object needs a container-only key.
		{"list.json", `[{"name": "x", "image": "redis:7"}]`, classTaskDefJSON},
		{"list.json", `[{"image": "redis:7"}]`, classNone},
		{"containers.json", `[{"image": "redis:7"}]`, classTaskDefJSON},
		{"task_definition.json", `[]`, classTaskDefJSON}, // a notice: see TestBareContainerArrays
		{"ecsApp.json.tpl", `[{"image": ${image}}]`, classTaskDefJSON},
		{"specs.json", `[{"image": "redis:7"}]`, classNone},
		{"container.json", `{"name": "x", "image": "redis:7"}`, classNone},
		{"containers.json", `{"RoleDetailList": [{"Arn": "arn:aws:iam::1:role/r"}]}`, classIAM},
	}
	for _, tt := range tests {
		got, _ := classify(tt.name, []byte(tt.src), nil)
		if got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.name, got, tt.want)
		}
		if strong, _ := dockerfileName(tt.name); !strong && tt.want != classNone && !needsContent(tt.name) {
			t.Errorf("needsContent(%q) = false, but classifying it needs the text", tt.name)
		}
	}
}

func TestClassifyTerraformReader(t *testing.T) {
	const loc = "main.tf:3 reads it with file()"
	called := 0
	reader := func() string { called++; return loc }
	if c, why := classify("app.json", []byte(`[{"image": "redis:7"}]`), reader); c != classTaskDefJSON || why != loc {
		t.Errorf("classify = %v, %q; want a task definition declared by %q", c, why, loc)
	}
	// Not asked for what is not an array, or what the name decides.
	for _, tt := range []struct{ name, src string }{
		{"app.json", `{"image": "redis:7"}`},
		{"containers.json", `[{"image": "redis:7"}]`},
		{"Dockerfile", "FROM alpine\n"},
	} {
		before := called
		classify(tt.name, []byte(tt.src), reader)
		if called != before {
			t.Errorf("classify(%q) looked for Terraform readers", tt.name)
		}
	}
}

func TestContainerName(t *testing.T) {
	for name, want := range map[string]bool{
		"containers.json": true, "container-definitions.json.tpl": true, "taskdef.json": true,
		"task-definition.json": true, "TASK_DEFINITION.json": true, "TaskDef.json": true,
		"ecs.json": true, "app-ecs.json": true, "ecs_app.json": true, "ecsApp.json": true, "myECS.json": true,
		"ecs2.json": true, "specs.json": false, "decs.json": false, "app.json": false, "values.json": false,
	} {
		if got := containerName(name); got != want {
			t.Errorf("containerName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestBoundedForgets: the analysis caches never hold more than their
// bound, whatever the tree.
func TestBoundedForgets(t *testing.T) {
	c := newBounded[int](3)
	for i := range 10 {
		c.put(fmt.Sprint(i), i)
		if len(c.m) > 3 {
			t.Fatalf("after %d puts the cache holds %d entries, more than 3", i+1, len(c.m))
		}
		if v, ok := c.get(fmt.Sprint(i)); !ok || v != i {
			t.Fatalf("get(%d) = %d, %v right after put", i, v, ok)
		}
	}
}
