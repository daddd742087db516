package classify

import "testing"

func TestFile(t *testing.T) {
	const from = "FROM alpine:3.20\n"
	const td = `{"containerDefinitions": [{"name": "a", "image": "nginx"}]}`
	tests := []struct {
		name string
		src  string
		want Class
	}{
		{"Dockerfile", "", Dockerfile},
		{"dockerfile", "", Dockerfile},
		{"Containerfile", "", Dockerfile},
		{"Dockerfile.windows", "", Dockerfile},
		{"Dockerfile-linux.template", "", Dockerfile},
		{"DockerfileTask", "", Dockerfile},
		{"api.Dockerfile", "", Dockerfile},
		{"Pause-Dockerfile", "", Dockerfile},
		{"windows.dockerfile", "", Dockerfile},
		{"Dockerfile.md", from, None},
		{"dockerfile_test.go", from, None},
		{"my_dockerfile_notes", "just text\n", None},
		{"x__dockerfile__parser__testfiles__args__result", "(from \"ubuntu\")\n", None},
		{"app__Dockerfile.simple__copy", from, Dockerfile},
		{"taskdef.json", td, TaskDefJSON},
		{"td-nginx.template", `{"containerDefinitions": [{"image": @VERSION@}]}`, TaskDefJSON},
		{"cb_app.json.tpl", `[{"name": "app", "image": "${img}", "essential": true, "cpu": ${cpu}}]`, TaskDefJSON},
		{"package.json", `{"name": "x"}`, None},
		{"stack.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n", Unsupported},
		{"main.tf", `resource "aws_ecs_task_definition" "x" {}`, Unsupported},
		{"vars.tf", `variable "x" {}`, None},
		{"notes.yaml", "a: b\n", None},
		{"taskdef.yaml", "family: web\ncontainerDefinitions:\n  - name: web\n", Unsupported},
		{"README.md", "# FROM alpine\n", None},
		// Bare container arrays: by content (name and image in every
		// element) or by name; a single object needs a container-only key.
		{"list.json", `[{"name": "x", "image": "redis:7"}]`, TaskDefJSON},
		{"list.json", `[{"image": "redis:7"}]`, None},
		{"containers.json", `[{"image": "redis:7"}]`, TaskDefJSON},
		{"task_definition.json", `[]`, TaskDefJSON}, // a notice: see TestBareContainerArrays
		{"ecsApp.json.tpl", `[{"image": ${image}}]`, TaskDefJSON},
		{"specs.json", `[{"image": "redis:7"}]`, None},
		{"container.json", `{"name": "x", "image": "redis:7"}`, None},
		{"containers.json", `{"RoleDetailList": [{"Arn": "arn:aws:iam::1:role/r"}]}`, IAM},
	}
	for _, tt := range tests {
		got, _ := File(tt.name, []byte(tt.src), nil)
		if got != tt.want {
			t.Errorf("File(%q) = %v, want %v", tt.name, got, tt.want)
		}
		if strong, _ := DockerfileName(tt.name); !strong && tt.want != None && !NeedsContent(tt.name) {
			t.Errorf("NeedsContent(%q) = false, but classifying it needs the text", tt.name)
		}
	}
}

func TestFileTerraformReader(t *testing.T) {
	const loc = "main.tf:3 reads it with file()"
	called := 0
	reader := func() string { called++; return loc }
	if c, why := File("app.json", []byte(`[{"image": "redis:7"}]`), reader); c != TaskDefJSON || why != loc {
		t.Errorf("File = %v, %q; want a task definition declared by %q", c, why, loc)
	}
	// Not asked for what is not an array, or what the name decides.
	for _, tt := range []struct{ name, src string }{
		{"app.json", `{"image": "redis:7"}`},
		{"containers.json", `[{"image": "redis:7"}]`},
		{"Dockerfile", "FROM alpine\n"},
	} {
		before := called
		File(tt.name, []byte(tt.src), reader)
		if called != before {
			t.Errorf("File(%q) looked for Terraform readers", tt.name)
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
