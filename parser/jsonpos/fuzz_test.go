package jsonpos_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/jsonpos"
)

// FuzzDecode checks, for any input, that Decode never panics, succeeds
// exactly when encoding/json accepts the input, yields the values
// json.Unmarshal yields with UseNumber, and returns ranges (and error
// positions) inside the input that agree with parser.Lines.
func FuzzDecode(f *testing.F) {
	seeds := []string{
		``, `null`, `true`, `-12.5e+3`, `"a\u00e9\ud83d\ude00"`, `[1,[2,[3]],{}]`,
		`{"a":{"x":1},"a":[true,false,null]}`, "\xef\xbb\xbf{\"k\":\"v\"}",
		"{\r\n  \"a\": [1,\r\n    2]\r\n}\r\n", "[\r1,\r\"x\"]", `{"ключ": "日本"}`,
		`{"image": @VERSION@}`, `{"a":1 "b":2}`, `[1,]`, `"\x"`, "\"\xff\"", `01`, `1.e5`,
		"{\"a\": \"{{ must_env `X` }}\"}", `{"cpu": ${fargate_cpu}}`,
		`{"memory":1e40000}`, `[-1E-40000, 0e99999, 9.99999999999999999e1000]`, strings.Repeat("1", 150) + "e-100",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "taskdefs", "json", "*"))
	for _, name := range files[:min(len(files), 20)] {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkAgreement(t, src)
		// Indexing under a prefix never fails and covers the root.
		if root, err := jsonpos.Decode("f.json", src); err == nil {
			ix := parser.NewIndex()
			root.Index(ix, []any{"p"})
			if r, ok := ix.Get([]any{"p"}); !ok || r != root.Range {
				t.Fatalf("root not indexed under the prefix")
			}
			checkLocator(t, root, ix)
		}
	})
}

// taskDefinition generates a realistic task definition of about 50 KB,
// indented like the AWS console exports it.
func taskDefinition() []byte {
	const size = 50 << 10
	var containers []any
	td := map[string]any{
		"family":                  "shop-api",
		"taskRoleArn":             "arn:aws:iam::123456789012:role/shop-api-task",
		"executionRoleArn":        "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
		"networkMode":             "awsvpc",
		"requiresCompatibilities": []string{"FARGATE"},
		"cpu":                     "1024",
		"memory":                  "2048",
		"volumes":                 []any{map[string]any{"name": "tmp"}},
	}
	for i := 0; ; i++ {
		var env []any
		for j := range 20 {
			env = append(env, map[string]any{"name": fmt.Sprintf("SETTING_%d_%d", i, j), "value": fmt.Sprintf("välue-%d ✓ %s", j, strings.Repeat("x", j))})
		}
		containers = append(containers, map[string]any{
			"name":      fmt.Sprintf("app-%d", i),
			"image":     fmt.Sprintf("registry.example.com/shop/app-%d:1.%d.0", i, i),
			"essential": i == 0,
			"cpu":       256,
			"memory":    512,
			"command":   []string{"sh", "-c", "exec /app/server --port=8080 --log-level=\"info\""},
			"portMappings": []any{
				map[string]any{"containerPort": 8080 + i, "hostPort": 8080 + i, "protocol": "tcp"},
			},
			"environment": env,
			"secrets": []any{
				map[string]any{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"},
				map[string]any{"name": "API_KEY", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/api-key"},
			},
			"repositoryCredentials": map[string]any{"credentialsParameter": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-XyZ123"},
			"logConfiguration": map[string]any{
				"logDriver": "awslogs",
				"options":   map[string]any{"awslogs-group": "/ecs/shop-api", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "ecs"},
			},
			"healthCheck": map[string]any{"command": []string{"CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"}, "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 1.5},
			"mountPoints": []any{map[string]any{"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": false}},
			"ulimits":     []any{map[string]any{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}},
			"dependsOn":   nil,
		})
		td["containerDefinitions"] = containers
		out, err := json.MarshalIndent(td, "", "  ")
		if err != nil {
			panic(err)
		}
		if len(out) >= size {
			return out
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	src := taskDefinition()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonpos.Decode("td.json", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeIndex(b *testing.B) {
	src := taskDefinition()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		root, err := jsonpos.Decode("td.json", src)
		if err != nil {
			b.Fatal(err)
		}
		root.Index(parser.NewIndex(), []any{"taskDefinition"})
		_ = root.Value()
	}
}

// BenchmarkUnmarshal is the baseline: encoding/json without positions.
func BenchmarkUnmarshal(b *testing.B) {
	src := taskDefinition()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(src, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchmarkInput(t *testing.T) {
	src := taskDefinition()
	if len(src) < 50<<10 || len(src) > 60<<10 {
		t.Fatalf("generated %d bytes", len(src))
	}
	checkAgreement(t, src)
}

// checkLocator requires the on-demand Locator to resolve every path the
// eager Index records, to the same range, and paths that leave the tree
// to the same ancestor.
func checkLocator(t *testing.T, root *jsonpos.Node, ix *parser.Index) {
	t.Helper()
	loc := jsonpos.NewLocator(root, []any{"p"}, root)
	for _, k := range ix.Keys() {
		path := []any{}
		for _, el := range strings.Split(k, "/")[1:] {
			el = strings.ReplaceAll(strings.ReplaceAll(el, "~1", "/"), "~0", "~")
			path = append(path, el)
		}
		want, _ := ix.Get(path)
		if got, ok := loc.Get(path); !ok || got != want {
			t.Fatalf("Locator.Get(%s) = %v, %v; Index has %v", k, got, ok, want)
		}
		deeper := append(append([]any{}, path...), "\x00missing", 7)
		if got, ok := loc.Lookup(deeper); !ok || got != want {
			t.Fatalf("Locator.Lookup(%s/...) = %v, %v; want its ancestor %v", k, got, ok, want)
		}
	}
	if got, _ := loc.Lookup([]any{"elsewhere"}); got != root.Range {
		t.Fatalf("a path outside the prefix resolves to %v, want the root", got)
	}
}
