package ecsjson_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/ecsjson"
	"github.com/ecslint/ecslint/parser/jsonpos"
)

// The parser satisfies the interface the walker uses.
var _ parser.Parser = ecsjson.Parser{}

func rng(r parser.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d [%d,%d)", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column, r.Start.Offset, r.End.Offset)
}

// parseOne parses src and requires exactly one well-formed document.
func parseOne(t *testing.T, path string, src []byte) *parser.Document {
	t.Helper()
	docs, err := ecsjson.Parser{}.Parse(path, src)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	if len(docs) != 1 {
		t.Fatalf("Parse(%s): %d documents, want 1", path, len(docs))
	}
	d := docs[0]
	if d.Kind != parser.KindTaskDef || d.Source != parser.SourceECSJSON || d.File != path ||
		d.Resource != "" || string(d.Text) != string(src) || d.Index == nil {
		t.Fatalf("Parse(%s): bad document header %+v", path, d)
	}
	if _, ok := body(d)["taskDefinition"].(map[string]any); !ok || len(d.Body) != 1 {
		t.Fatalf("Parse(%s): body is %#v, want only a taskDefinition object", path, body(d))
	}
	return d
}

func TestParseShapes(t *testing.T) {
	type path = []any
	type want struct {
		path path
		rng  string
	}
	const (
		td = "taskDefinition"
		cd = "containerDefinitions"
	)
	tests := []struct {
		name   string
		src    string
		body   map[string]any
		ranges []want // expected ranges of document paths
		absent []path
	}{
		{
			name: "register input, crlf",
			src:  "{\r\n  \"family\": \"web\",\r\n  \"containerDefinitions\": [\r\n    {\"name\": \"web\", \"image\": \"nginx\"}\r\n  ]\r\n}\r\n",
			body: map[string]any{td: map[string]any{
				"family": "web",
				cd:       []any{map[string]any{"name": "web", "image": "nginx"}},
			}},
			ranges: []want{
				{path{}, "1:1-6:2 [0,97)"},
				{path{td}, "1:1-6:2 [0,97)"},
				{path{td, "family"}, "2:13-2:18 [15,20)"},
				{path{td, cd}, "3:27-5:4 [49,94)"},
				{path{td, cd, 0}, "4:5-4:38 [56,89)"},
				{path{td, cd, 0, "image"}, "4:30-4:37 [81,88)"},
			},
		},
		{
			name: "describe output, multibyte",
			src:  `{"taskDefinition": {"family": "é", "containerDefinitions": [{"name": "w", "image": "nginx"}]}, "tags": [{"key": "k", "value": "v"}]}`,
			body: map[string]any{td: map[string]any{
				"family": "é",
				cd:       []any{map[string]any{"name": "w", "image": "nginx"}},
			}},
			ranges: []want{
				{path{}, "1:1-1:133 [0,133)"},
				{path{td}, "1:20-1:94 [19,94)"},
				{path{td, "family"}, "1:31-1:34 [30,34)"},
				{path{td, cd, 0, "image"}, "1:84-1:91 [84,91)"},
			},
			absent: []path{{"tags"}, {td, "tags"}},
		},
		{
			name: "container array, nested arrays",
			src:  "[\n  {\"name\": \"a\", \"image\": \"nginx\", \"essential\": true, \"command\": [\"sh\", [\"x\"]]},\n  {\"name\": \"b\", \"image\": \"redis\"}\n]\n",
			body: map[string]any{td: map[string]any{cd: []any{
				map[string]any{"name": "a", "image": "nginx", "essential": true, "command": []any{"sh", []any{"x"}}},
				map[string]any{"name": "b", "image": "redis"},
			}}},
			ranges: []want{
				{path{}, "1:1-4:2 [0,117)"},
				{path{td}, "1:1-4:2 [0,117)"},
				{path{td, cd}, "1:1-4:2 [0,117)"},
				{path{td, cd, 0, "image"}, "2:26-2:33 [27,34)"},
				{path{td, cd, 0, "command", 1, 0}, "2:73-2:76 [74,77)"},
				{path{td, cd, 1}, "3:3-3:34 [84,115)"},
				{path{td, cd, 1, "image"}, "3:26-3:33 [107,114)"},
			},
			absent: []path{{0}, {0, "image"}},
		},
		{
			name: "container array, name and image only",
			src:  `[{"name": "x", "image": "redis:7"}, {"name": "y", "image": "nginx"}]`,
			body: map[string]any{td: map[string]any{cd: []any{
				map[string]any{"name": "x", "image": "redis:7"},
				map[string]any{"name": "y", "image": "nginx"},
			}}},
			ranges: []want{
				{path{td, cd}, "1:1-1:69 [0,68)"},
				{path{td, cd, 0, "image"}, "1:25-1:34 [24,33)"},
				{path{td, cd, 1, "image"}, "1:60-1:67 [59,66)"},
			},
		},
		{
			name: "single container, bom",
			src:  "\xef\xbb\xbf{\"name\": \"web\", \"image\": \"nginx:1.27\", \"memory\": 512}",
			body: map[string]any{td: map[string]any{cd: []any{
				map[string]any{"name": "web", "image": "nginx:1.27", "memory": json.Number("512")},
			}}},
			ranges: []want{
				{path{}, "1:1-1:54 [3,56)"},
				{path{td}, "1:1-1:54 [3,56)"},
				{path{td, cd}, "1:1-1:54 [3,56)"},
				{path{td, cd, 0}, "1:1-1:54 [3,56)"},
				{path{td, cd, 0, "image"}, "1:26-1:38 [28,40)"},
				{path{td, cd, 0, "memory"}, "1:50-1:53 [52,55)"},
			},
			absent: []path{{"image"}},
		},
		{
			name: "templated containerDefinitions string",
			src:  `{"family":"x","containerDefinitions":"${defs}"}`,
			body: map[string]any{td: map[string]any{"family": "x", cd: "${defs}"}},
			ranges: []want{
				{path{}, "1:1-1:48 [0,47)"},
				{path{td}, "1:1-1:48 [0,47)"},
				{path{td, cd}, "1:38-1:47 [37,46)"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseOne(t, "td.json", []byte(tt.src))
			if !reflect.DeepEqual(body(d), tt.body) {
				t.Errorf("Body = %#v\nwant %#v", body(d), tt.body)
			}
			for _, w := range tt.ranges {
				r, ok := d.Index.Get(w.path)
				if !ok || rng(r) != w.rng {
					t.Errorf("Index.Get(%v) = %s, %v; want %s", w.path, rng(r), ok, w.rng)
				}
			}
			for _, p := range tt.absent {
				if r, ok := d.Index.Get(p); ok {
					t.Errorf("Index.Get(%v) = %s, want absent", p, rng(r))
				}
			}
			// Every indexed document path exists in the Body and every
			// range lies inside the text.
			for _, k := range d.Index.Keys() {
				r, _ := d.Index.Get(keyPath(k))
				if r.Start.Offset < 0 || r.End.Offset > len(d.Text) || r.Start.Offset >= r.End.Offset {
					t.Errorf("%s: range %s outside the text", k, rng(r))
				}
				if k != "" && !strings.HasPrefix(k, "/taskDefinition") {
					t.Errorf("index key %q outside taskDefinition", k)
				}
				if _, ok := lookup(body(d), keyPath(k)); !ok {
					t.Errorf("index key %q is not a path of the body", k)
				}
			}
		})
	}
}

// TestParseSingleContainerWrappers checks that the synthetic wrappers of a
// bare container all point at the root object.
func TestParseSingleContainerWrappers(t *testing.T) {
	src := []byte("{\n  \"name\": \"app\",\n  \"image\": \"nginx\",\n  \"essential\": true\n}\n")
	d := parseOne(t, "c.json", src)
	want := "1:1-5:2 [0,60)"
	for _, p := range [][]any{nil, {"taskDefinition"}, {"taskDefinition", "containerDefinitions"}, {"taskDefinition", "containerDefinitions", 0}} {
		if r, ok := d.Index.Get(p); !ok || rng(r) != want {
			t.Errorf("Index.Get(%v) = %s, %v; want %s", p, rng(r), ok, want)
		}
	}
	// A missing key falls back to its container.
	if r, ok := d.Pos([]any{"taskDefinition", "containerDefinitions", 0, "repositoryCredentials"}); !ok || rng(r) != want {
		t.Errorf("Pos(missing) = %s, %v", rng(r), ok)
	}
	if r, _ := d.Pos([]any{"taskDefinition", "containerDefinitions", 0, "image"}); rng(r) != "3:12-3:19 [30,37)" {
		t.Errorf("image at %s", rng(r))
	}
}

// keyPath turns an Index key back into a path (string elements render the
// same as ints).
func keyPath(key string) []any {
	if key == "" {
		return nil
	}
	var p []any
	for _, el := range strings.Split(key[1:], "/") {
		p = append(p, strings.ReplaceAll(strings.ReplaceAll(el, "~1", "/"), "~0", "~"))
	}
	return p
}

// lookup resolves a path of string elements in a decoded body.
func lookup(v any, path []any) (any, bool) {
	for _, el := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[el.(string)]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(el.(string))
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func TestParseNotTaskDefinition(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"iam policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}`},
		{"package.json", `{"name":"app","version":"1.0.0","scripts":{"start":"node ."}}`},
		{"cloudformation", `{"Resources":{"TD":{"Type":"AWS::ECS::TaskDefinition","Properties":{"ContainerDefinitions":[{"Name":"web","Image":"nginx","Essential":true}]}}}}`},
		{"terraform plan", `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"type":"aws_ecs_task_definition","values":{"container_definitions":"[{\"name\":\"web\",\"image\":\"nginx\",\"essential\":true}]"}}]}}}`},
		{"devcontainer", `{"name":"Go","image":"mcr.microsoft.com/devcontainers/go:1","features":{},"forwardPorts":[8080]}`},
		{"empty object", `{}`},
		{"empty array", `[]`},
		{"array of numbers", `[1,2]`},
		{"container array with a stray element", `[{"name":"a","image":"b","essential":true}, 3]`},
		{"objects without containers", `[{"name":"a"},{"image":"b"}]`},
		{"name and image in some elements only", `[{"name":"a","image":"b"},{"name":"c"}]`},
		{"image only", `[{"image":"b"}]`},
		{"image and name only", `{"name":"a","image":"b"}`},
		{"container keys without image", `{"name":"a","essential":true,"cpu":1}`},
		{"null", `null`},
		{"string", `"containerDefinitions"`},
		{"describe without containers", `{"taskDefinition": {"family": "x"}}`},
		{"taskDefinition not an object", `{"taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ecsjson.Parser{}.Parse("x.json", []byte(tt.src))
			if err != nil || docs != nil {
				t.Errorf("Parse = %v, %v; want nil, nil", docs, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		pos  string // line:col@offset
		msg  string
	}{
		{
			name: "at sign placeholder",
			src:  "{\n  \"containerDefinitions\": [{\"name\": \"n\", \"image\": @VERSION@}]\n}",
			pos:  "2:51@52",
			msg:  `invalid character '@' looking for beginning of value; "@VERSION@" looks like a template placeholder, lint the rendered file`,
		},
		{
			name: "terraform interpolation",
			src:  "[{\"name\": \"n\", \"image\": \"${image}\", \"cpu\": ${cpu}}]",
			pos:  "1:44@43",
			msg:  `invalid character '$' looking for beginning of value; "${cpu}" looks like a template placeholder, lint the rendered file`,
		},
		{
			name: "shell variable",
			src:  "{\"containerDefinitions\": [{\"logConfiguration\": $LOG_CONFIGURATION,\n\"memory\": 1}]}",
			pos:  "1:48@47",
			msg:  `invalid character '$' looking for beginning of value; "$LOG_CONFIGURATION" looks like a template placeholder, lint the rendered file`,
		},
		{
			name: "angle placeholder after multibyte",
			src:  "{\"family\": \"ü\", \"containerDefinitions\": [{\"portMappings\": [{\"hostPort\": <SERVICE_PORT>}]}]}",
			pos:  "1:73@73",
			msg:  `invalid character '<' looking for beginning of value; "<SERVICE_PORT>" looks like a template placeholder, lint the rendered file`,
		},
		{
			name: "go template",
			src:  `{"containerDefinitions": {{ .Defs }}}`,
			pos:  "1:27@26",
			msg:  `invalid character '{' looking for beginning of object key string; "{{ .Defs }}" looks like a template placeholder, lint the rendered file`,
		},
		{
			name: "missing comma",
			src:  "{\r\n  \"containerDefinitions\": [],\r\n  \"family\": \"a\"\r\n  \"cpu\": \"256\"\r\n}",
			pos:  "4:3@53",
			msg:  `invalid character '"' after object member, expected ',' or '}'`,
		},
		{
			name: "lone at sign",
			src:  `{"containerDefinitions": @}`,
			pos:  "1:26@25",
			msg:  "invalid character '@' looking for beginning of value",
		},
		{
			name: "truncated",
			src:  `{"containerDefinitions": [`,
			pos:  "1:27@26",
			msg:  "unexpected end of input, expected value or ']'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ecsjson.Parser{}.Parse("bad.json", []byte(tt.src))
			var perr *parser.Error
			if !errors.As(err, &perr) || docs != nil {
				t.Fatalf("Parse = %v, %v; want a *parser.Error", docs, err)
			}
			got := fmt.Sprintf("%d:%d@%d", perr.Pos.Line, perr.Pos.Column, perr.Pos.Offset)
			if got != tt.pos || perr.Msg != tt.msg || perr.File != "bad.json" {
				t.Errorf("got  %s %s: %s\nwant %s %s", perr.File, got, perr.Msg, tt.pos, tt.msg)
			}
			if !ecsjson.Sniff([]byte(tt.src)) && tt.name != "lone at sign" {
				t.Errorf("Sniff = false for a task definition template")
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`{"containerDefinitions": ${defs}}`, true},
		{`{"taskDefinition": {"containerDefinitions": []}}`, true},
		{`[{"name": "a", "image": @IMAGE@, "essential": true}]`, true},
		{`{"name": "a", "image": "${image}", "cpu": ${cpu}}`, true},
		{`{"image": "nginx", "name": "web", "portMappings": []}`, true},
		{`{"image": "nginx", "name": "web", "memory": 1}`, true},
		{`{"name": "a", "image": "b", "secrets": [`, true},
		{`{"name": "a", "image": "b", "repositoryCredentials": {}}`, true},
		{`{"name": "a", "image": "b"}`, false},  // too little to tell
		{`[{"name": "a", "image": "b"}]`, true}, // ... but an array of them is a container array
		{"\xef\xbb\xbf\n [{\"name\": \"a\", \"image\": ${image}}]", true},
		{`[{"image": "b"}]`, false},
		{`{"x": [{"name": "a", "image": "b"}]}`, false},
		{`{"name": "Go", "image": "golang", "features": {}}`, false}, // devcontainer.json
		{`{"image": "nginx", "essential": true}`, true},              // real container definitions may omit the name
		{`{"name": "web", "cpu": 1}`, false},
		{`{"imageName": "x", "name": "y", "cpu": 1}`, false},
		{`{"Resources": {"T": {"Properties": {"ContainerDefinitions": []}}}}`, false},
		{`{"container_definitions": "[{\"name\":\"a\",\"image\":\"b\",\"essential\":true}]"}`, false},
		{`{"Version": "2012-10-17", "Statement": []}`, false},
		{``, false},
		{"\x00\xff\"containerDefinitions\"", true},
	}
	for _, tt := range tests {
		if got := ecsjson.Sniff([]byte(tt.src)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// FuzzParse checks that Parse never panics, that an error is always a
// positioned *parser.Error, and that every indexed range lies in the text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"containerDefinitions":[{"name":"a","image":"b"}]}`,
		`{"taskDefinition":{"containerDefinitions":[]},"tags":[]}`,
		`[{"name":"a","image":"b","cpu":1}]`,
		`{"name":"a","image":"b","essential":true}`,
		`{"image": @V@}`, `{"a": {{ x }}}`, `[{"cpu": ${c}}]`, `{"p": <P>}`, `{"l": $L}`,
		// Escaped keys: Parse decodes them, so Sniff must too.
		`{"family":"web","\u0063ontainerDefinitions":[{"name":"a","\u0069mage":"nginx:1","essential":true}]}`,
		`[{"\u006eame":"a","\u0069mage":"b"}]`,
		`{"\u0069mage":"b","\u0065ssential":true}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_ = ecsjson.Sniff(src)
		docs, err := ecsjson.Parser{}.Parse("f.json", src)
		if err != nil {
			var perr *parser.Error
			if !errors.As(err, &perr) || !perr.Pos.IsValid() || perr.Pos.Offset > len(src) {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		if len(docs) > 0 && !ecsjson.Sniff(src) {
			t.Fatalf("Parse accepted %q but Sniff rejects it", src)
		}
		for _, d := range docs {
			for _, k := range d.Index.Keys() {
				r, _ := d.Index.Get(keyPath(k))
				if r.Start.Offset < 0 || r.End.Offset > len(src) || r.Start.Offset >= r.End.Offset {
					t.Fatalf("%s: range [%d,%d) outside the text", k, r.Start.Offset, r.End.Offset)
				}
			}
		}
	})
}

func TestParseNestedTaskDefinitions(t *testing.T) {
	src := "{\"taskDefinitions\": [\n" +
		"  {\"family\": \"a\", \"containerDefinitions\": [{\"name\": \"x\", \"image\": \"nginx:1\"}]},\n" +
		"  {\"family\": \"b\", \"containerDefinitions\": [{\"name\": \"y\", \"image\": \"redis:7\"}]}\n" +
		"]}\n"
	docs, err := ecsjson.Parser{}.Parse("many.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2", len(docs))
	}
	for i, want := range []struct {
		resource, image, pos string
	}{
		{"/taskDefinitions/0", "nginx:1", "2:67"},
		{"/taskDefinitions/1", "redis:7", "3:67"},
	} {
		d := docs[i]
		if d.Resource != want.resource {
			t.Errorf("doc %d resource = %q, want %q", i, d.Resource, want.resource)
		}
		c := body(d)["taskDefinition"].(map[string]any)["containerDefinitions"].([]any)[0].(map[string]any)
		if c["image"] != want.image {
			t.Errorf("doc %d image = %v", i, c["image"])
		}
		r, ok := d.Index.Get([]any{"taskDefinition", "containerDefinitions", 0, "image"})
		if got := fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Column); !ok || got != want.pos {
			t.Errorf("doc %d image at %s (%v), want %s", i, got, ok, want.pos)
		}
	}
	// An array of task definitions, too; other JSON stays out.
	docs, err = ecsjson.Parser{}.Parse("arr.json", []byte(`[{"containerDefinitions": [{"image": "a"}]}]`))
	if err != nil || len(docs) != 1 || docs[0].Resource != "/0" {
		t.Errorf("array of task definitions: %v, %v", docs, err)
	}
	docs, err = ecsjson.Parser{}.Parse("cfn.json", []byte(`{"Resources": {"T": {"Properties": {"ContainerDefinitions": [{"Image": "a"}]}}}}`))
	if err != nil || len(docs) != 0 {
		t.Errorf("CloudFormation JSON: %v, %v", docs, err)
	}
}

// TestParseDeclaredContainers: with Parser.Containers an array of objects
// with one "image" is enough; NotContainers explains the rest.
func TestParseDeclaredContainers(t *testing.T) {
	accepted := []string{
		`[{"image": "redis:7"}]`,
		`[{"image": "redis:7"}, {"name": "sidecar"}]`,
		`[{"family": "a", "containerDefinitions": [{"image": "nginx"}]}]`, // task definitions (shape 5)
	}
	for _, src := range accepted {
		docs, err := ecsjson.Parser{Containers: true}.Parse("containers.json", []byte(src))
		if err != nil || len(docs) != 1 {
			t.Errorf("Parse(%s) = %d documents, %v; want 1", src, len(docs), err)
		}
		if e := ecsjson.NotContainers("containers.json", []byte(src)); e != nil {
			t.Errorf("NotContainers(%s) = %v, want nil", src, e)
		}
	}
	if docs, _ := (ecsjson.Parser{}).Parse("x.json", []byte(accepted[0])); len(docs) != 0 {
		t.Errorf("without Containers, an image alone is not a container array")
	}
	rejected := []struct{ src, want string }{
		{`[]`, "containers.json:1:1: the array is empty"},
		{"[\n  \"web\",\n  {\"image\": \"a\"}\n]", "containers.json:2:3: element 0 is a JSON string, not a container definition object"},
		{`[{"id": 1}, {"name": "x"}]`, `containers.json:1:1: no element has an "image" member`},
		{`{"id": 1}`, "containers.json:1:1: the file holds a JSON object, not an array of container definitions"},
		{`[{"image": ${image}}]`, `containers.json:1:12: invalid character '$' looking for beginning of value; "${image}" looks like a template placeholder, lint the rendered file`},
	}
	for _, tt := range rejected {
		docs, err := ecsjson.Parser{Containers: true}.Parse("containers.json", []byte(tt.src))
		if len(docs) != 0 {
			t.Errorf("Parse(%s) = %d documents, want none", tt.src, len(docs))
		}
		if (err != nil) != strings.Contains(tt.want, "invalid character") {
			t.Errorf("Parse(%s) error %v", tt.src, err)
		}
		e := ecsjson.NotContainers("containers.json", []byte(tt.src))
		if e == nil || e.Error() != tt.want {
			t.Errorf("NotContainers(%s) = %v, want %s", tt.src, e, tt.want)
		}
	}
}

func TestIsArray(t *testing.T) {
	for src, want := range map[string]bool{
		`[1]`: true, "\xef\xbb\xbf \r\n\t[": true, `{"a": [1]}`: false, ``: false, "# [x]": false,
	} {
		if got := ecsjson.IsArray([]byte(src)); got != want {
			t.Errorf("IsArray(%q) = %v, want %v", src, got, want)
		}
	}
}

// TestEscapedKeys: a key written with \u escapes is the key a JSON decoder
// (the AWS CLI, ECS) reads. The example: Sniff matched key text
// literally and the file was skipped with exit 0.
func TestEscapedKeys(t *testing.T) {
	const src = `{"family":"web","\u0063ontainerDefinitions":[{"name":"a","\u0069mage":"nginx:1","essential":true}]}`
	if !ecsjson.Sniff([]byte(src)) {
		t.Errorf("Sniff(%s) = false, want true", src)
	}
	d := parseOne(t, "td.json", []byte(src))
	c, _ := lookup(body(d), []any{"taskDefinition", "containerDefinitions", "0", "image"})
	if c != "nginx:1" {
		t.Errorf("image = %v, want nginx:1", c)
	}
	// Positions are those of the source text, escapes and all.
	for path, want := range map[string]string{
		"/taskDefinition/containerDefinitions":         "1:45-1:99 [44,98)",
		"/taskDefinition/containerDefinitions/0/image": "1:71-1:80 [70,79)",
	} {
		r, ok := d.Index.Get(keyPath(path))
		if !ok || rng(r) != want {
			t.Errorf("%s at %s (%v), want %s", path, rng(r), ok, want)
		}
	}
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{`[{"\u006eame":"a","\u0069mage":"b"}]`, true},
		{`{"\u0069\u006d\u0061\u0067\u0065":"b","\u0065ssential":true}`, true},
		{`{"\u0069MAGE":"b","essential":true}`, false},
		// An escaped backslash does not start an escape: the key is \u0069mage.
		{`{"\\u0069mage":"b","essential":true}`, false},
		// An escaped quote stays escaped: "say \"image\"" is one string value.
		{`{"x":"say \u0022image\u0022","essential":true}`, false},
		{`{"\u0063ontainerDefinitions": ${defs}}`, true}, // a template
		{`{"\uZZZZ":1, "\u00`, false},
	} {
		if got := ecsjson.Sniff([]byte(tt.src)); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestDecodeEscapes(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": 1}`:                      `{"a": 1}`,
		`{"\u0069mage": "\u00e9"}`:      `{"image": "é"}`,
		`"\ud83d\ude00"`:                `"😀"`,
		`"\ud83d x"`:                    `"\ud83d x"`, // a lone surrogate stays
		`"\u0022 \u005c \u0000 \u001f"`: `"\u0022 \u005c \u0000 \u001f"`,
		`"\\u0069"`:                     `"\\u0069"`,
		`"\\\u0069"`:                    `"\\i"`,
		`"\u00"`:                        `"\u00"`,
		`\u0069`:                        `i`,
		`\`:                             `\`,
	} {
		got := string(ecsjson.DecodeEscapes([]byte(in)))
		if got != want {
			t.Errorf("DecodeEscapes(%s) = %s, want %s", in, got, want)
		}
		// The result decodes to the same value.
		var a, b any
		if json.Unmarshal([]byte(in), &a) == nil {
			if err := json.Unmarshal([]byte(got), &b); err != nil || !reflect.DeepEqual(a, b) {
				t.Errorf("DecodeEscapes(%s) = %s decodes to %v (%v), want %v", in, got, b, err, a)
			}
		}
	}
	src := []byte(`{"no": "escapes"}`)
	if got := ecsjson.DecodeEscapes(src); &got[0] != &src[0] {
		t.Errorf("text without escapes is copied")
	}
}

// TestLimits: the task definitions of one file hold at most MaxContainers
// container definitions and MaxValues values; beyond, Parse returns an
// error at the first one over the limit and no document.
func TestLimits(t *testing.T) {
	const c = `{"image":"a","cpu":1}`
	containers := func(n int) string {
		return strings.TrimSuffix(strings.Repeat(c+",", n), ",")
	}
	// at returns the message at the column of the n-th (1-based) occurrence
	// of sub in the one-line src.
	at := func(src, sub string, n int, msg string) string {
		off := 0
		for i := range n {
			k := strings.Index(src[off:], sub)
			if k < 0 {
				t.Fatalf("no occurrence %d of %s", n, sub)
			}
			off += k
			if i < n-1 {
				off += len(sub)
			}
		}
		return fmt.Sprintf("td.json:1:%d: %s", off+1, msg)
	}
	const tooMany = "more than 1000 container definitions in one file (ECS allows 10 in a task definition); not linted"
	const tooLarge = "more than 50000 JSON values in one file, far more than task definitions hold; not linted"
	shape1 := `{"containerDefinitions":[` + containers(ecsjson.MaxContainers+1) + `]}`
	bare := `[` + containers(ecsjson.MaxContainers+1) + `]`
	describe := `{"taskDefinition":{"containerDefinitions":[` + containers(ecsjson.MaxContainers+1) + `]}}`
	many := `[` + strings.TrimSuffix(strings.Repeat(`{"containerDefinitions":[`+containers(10)+`]},`, 101), ",") + `]`
	// Values: the root object, the array, the container, "a", the command
	// array, then the strings.
	values := `{"containerDefinitions":[{"image":"a","command":[` + strings.TrimSuffix(strings.Repeat(`"x",`, ecsjson.MaxValues), ",") + `]}]}`
	tests := []struct {
		name, src, want string
	}{
		{"at the container limit", `{"containerDefinitions":[` + containers(ecsjson.MaxContainers) + `]}`, ""},
		{"over it", shape1, at(shape1, c, ecsjson.MaxContainers+1, tooMany)},
		{"a bare array", bare, at(bare, c, ecsjson.MaxContainers+1, tooMany)},
		{"describe output", describe, at(describe, c, ecsjson.MaxContainers+1, tooMany)},
		// Task definitions inside other JSON share one budget.
		{"many task definitions", many, at(many, c, ecsjson.MaxContainers+1, tooMany)},
		{"values", values, at(values, `"x"`, ecsjson.MaxValues+1-5, tooLarge)},
		// The whole file counts, before it is decoded: the callers parse
		// what looks like a task definition.
		{"around a task definition", `{"containerDefinitions":[],"x":[` + strings.TrimSuffix(strings.Repeat(`1,`, ecsjson.MaxValues), ",") + `]}`,
			at(`{"containerDefinitions":[],"x":[`+strings.Repeat(`1,`, ecsjson.MaxValues), `1`, ecsjson.MaxValues-2, tooLarge)},
		{"at the value limit", `[` + strings.TrimSuffix(strings.Repeat(`"a",`, ecsjson.MaxValues-1), ",") + `]`, ""},
		{"keys do not count", `{` + strings.TrimSuffix(strings.Repeat(`"k":0,`, ecsjson.MaxValues-1), ",") + `}`, ""},
		{"a template", `[` + strings.TrimSuffix(strings.Repeat(`{"cpu": ${cpu}},`, ecsjson.MaxValues/2), ",") + `]`,
			at(`[`+strings.Repeat(`{"cpu": ${cpu}},`, ecsjson.MaxValues/2), `{`, ecsjson.MaxValues, tooLarge)},
	}
	for _, tt := range tests {
		docs, err := ecsjson.Parser{}.Parse("td.json", []byte(tt.src))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want || len(docs) != 0):
			t.Errorf("%s: %d documents, error %v\nwant %s", tt.name, len(docs), err, tt.want)
		}
	}
}

// body returns the document's body as plain Go values (the task
// definition node's Value), as the rules' input holds it, nulls included.
func body(d *parser.Document) map[string]any {
	out := make(map[string]any, len(d.Body))
	for k, v := range d.Body {
		if n, ok := v.(*jsonpos.Node); ok {
			v = n.Value()
		}
		out[k] = v
	}
	return out
}
