package lint

import "testing"

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
	}
	for _, tt := range tests {
		got, _ := classify(tt.name, []byte(tt.src))
		if got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.name, got, tt.want)
		}
		if strong, _ := dockerfileName(tt.name); !strong && tt.want != classNone && !needsContent(tt.name) {
			t.Errorf("needsContent(%q) = false, but classifying it needs the text", tt.name)
		}
	}
}
