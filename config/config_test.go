package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func known(id string) bool { return strings.HasPrefix(id, "TD0") || strings.HasPrefix(id, "DF0") }

func TestParse(t *testing.T) {
	src := `# comment
rules: {TD011: off, df001: error, TD001: on}
private_registries: [Registry.Example.com/, ghcr.io/acme]
ignore:
  - path: legacy/**
  - legacy2/
  - {rule: TD001, path: "batch/*.json", reason: "mirrored", expires: 2027-01-31}
  - rule: [TD010, DF004]
`
	cfg, err := Parse("x/.ecslint.yaml", "/repo/x", []byte(src), known)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Rules["TD011"]; !s.Off {
		t.Errorf("TD011 = %+v, want off", s)
	}
	if s := cfg.Rules["DF001"]; s.Off || s.Severity != "error" {
		t.Errorf("DF001 = %+v, want error", s)
	}
	if s := cfg.Rules["TD001"]; s.Off || s.Severity != "" {
		t.Errorf("TD001 = %+v, want on with default severity", s)
	}
	if got := strings.Join(cfg.PrivateRegistries, ","); got != "registry.example.com,ghcr.io/acme" {
		t.Errorf("private registries = %s", got)
	}
	if len(cfg.Ignore) != 4 {
		t.Fatalf("ignore = %+v", cfg.Ignore)
	}
	ig := cfg.Ignore[2]
	if ig.Path != "batch/*.json" || ig.Rules[0] != "TD001" || ig.Reason != "mirrored" ||
		!ig.Expires.Equal(time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)) || ig.Line != 7 || ig.Column != 5 {
		t.Errorf("ignore[2] = %+v", ig)
	}
	if got := strings.Join(cfg.Ignore[3].Rules, ","); got != "TD010,DF004" || cfg.Ignore[3].Path != "" {
		t.Errorf("ignore[3] = %+v", cfg.Ignore[3])
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"rulez: {}\n", `c.yaml:1:1: unknown key "rulez"`},
		{"rules:\n  TD001: loud\n", `c.yaml:2:10: rules: TD001: "loud" is not off, on, error, warning or note`},
		{"rules:\n  XX001: off\n", `c.yaml:2:3: rules: unknown rule "XX001"`},
		{"rules: [TD001]\n", `c.yaml:1:8: rules: want a mapping`},
		{"private_registries: [\"https://x\"]\n", `c.yaml:1:22: private_registries: "https://x" is not a registry host`},
		{"ignore:\n  - {path: x, reasons: red}\n", `c.yaml:2:15: ignore: unknown key "reasons"`},
		{"ignore:\n  - {rule: TD001, expires: tomorrow}\n", `c.yaml:2:28: ignore: expires: "tomorrow" is not a date`},
		{"ignore:\n  - {reason: why}\n", `c.yaml:2:5: ignore: an entry needs a path, a rule, a pointer or an image`},
		{"ignore:\n  - {path: \"[\"}\n", `c.yaml:2:12: ignore: path: "[" is not a valid glob`},
		{"- a\n- b\n", `c.yaml:1:1: the configuration must be a mapping`},
		{"rules: {\n", `c.yaml:1:`},
		{"roles:\n  arn:aws:iam::123456789012:user/bob: [p.json]\n", `c.yaml:2:3: roles: "arn:aws:iam::123456789012:user/bob" is not an IAM role ARN`},
		{"roles:\n  ecsTaskExecutionRole: [p.json]\n", `c.yaml:2:3: roles: "ecsTaskExecutionRole" is not an IAM role ARN`},
		{"roles:\n  arn:aws:iam::123456789012:role/r:\n    - arn:aws:s3:::bucket\n", `c.yaml:3:7: roles: "arn:aws:s3:::bucket" is not a managed policy ARN`},
		{"roles:\n  arn:aws:iam::123456789012:role/r: [\"\"]\n", `c.yaml:2:38: roles: empty policy entry`},
		{"roles: [a]\n", `c.yaml:1:8: roles: want a mapping`},
		{"iam: {a: b}\n", `c.yaml:1:6: iam: want a list of strings`},
	}
	for _, tt := range tests {
		_, err := Parse("c.yaml", "/", []byte(tt.src), known)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want prefix %q", tt.src, err, tt.want)
		}
	}
}

func TestParseIAM(t *testing.T) {
	src := `iam: [iam/authorization-details.json, iam/secrets.json]
roles:
  arn:aws:iam::123456789012:role/ecsTaskExecutionRole:
    - iam/exec-secrets.json
    - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
  arn:aws:iam::123456789012:role/other: iam/other.json
`
	cfg, err := Parse("c.yaml", "/repo", []byte(src), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.IAM) != 2 || cfg.IAM[1].Value != "iam/secrets.json" || cfg.IAM[1].Line != 1 || cfg.IAM[1].Column != 39 {
		t.Errorf("iam = %+v", cfg.IAM)
	}
	if len(cfg.Roles) != 2 {
		t.Fatalf("roles = %+v", cfg.Roles)
	}
	r := cfg.Roles[0]
	if r.ARN != "arn:aws:iam::123456789012:role/ecsTaskExecutionRole" || r.Line != 3 || r.Column != 3 || len(r.Policies) != 2 ||
		r.Policies[1].Value != "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" || r.Policies[0].Line != 4 {
		t.Errorf("roles[0] = %+v", r)
	}
	if p := cfg.Roles[1].Policies; len(p) != 1 || p[0].Value != "iam/other.json" {
		t.Errorf("roles[1] = %+v", cfg.Roles[1])
	}
	if len(cfg.Unsupported) != 0 {
		t.Errorf("unsupported = %v", cfg.Unsupported)
	}
}

func TestEmptyConfig(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "---\n"} {
		cfg, err := Parse("c.yaml", "/", []byte(src), known)
		if err != nil || len(cfg.Rules) != 0 || len(cfg.Ignore) != 0 {
			t.Errorf("Parse(%q) = %+v, %v", src, cfg, err)
		}
	}
}

func TestMatchPath(t *testing.T) {
	cfg := Default("/repo")
	tests := []struct {
		glob, file string
		want       bool
	}{
		{"legacy/**", "/repo/legacy/a/b.json", true},
		{"legacy/**", "/repo/src/legacy/b.json", false},
		{"legacy", "/repo/src/legacy/b.json", true}, // no slash: any depth, folder included
		{"legacy/", "/repo/legacy/x.json", true},
		{"batch/*.json", "/repo/batch/job.json", true},
		{"batch/*.json", "/repo/batch/sub/job.json", false},
		{"*.json", "/repo/a/b/c.json", true},
		{"./infra/**/taskdef.json", "/repo/infra/api/taskdef.json", true},
		{"infra/**", "/elsewhere/infra/x.json", false},
	}
	for _, tt := range tests {
		if got := cfg.MatchPath(Ignore{Path: tt.glob}, tt.file); got != tt.want {
			t.Errorf("MatchPath(%q, %q) = %v, want %v", tt.glob, tt.file, got, tt.want)
		}
	}
}

func TestExpired(t *testing.T) {
	ig := Ignore{Expires: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}
	if ig.Expired(time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC)) {
		t.Error("an entry is valid through its expiry day")
	}
	if !ig.Expired(time.Date(2027, 2, 1, 0, 0, 1, 0, time.UTC)) {
		t.Error("an entry expires the day after")
	}
	if (Ignore{}).Expired(time.Now()) {
		t.Error("no expiry never expires")
	}
}

func TestFindSearchesUpward(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), []byte("rules: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != filepath.Join(root, FileName) {
		t.Fatalf("Find = %q, %v", got, err)
	}
}

// TestParseHostile: nesting, aliases and size are refused at their position
// before the YAML parser builds a tree (which needs gigabytes for a few
// hundred KB nested 50,000 deep).
func TestParseHostile(t *testing.T) {
	nested := func(n int, line string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + line + "\n")
		}
		return b.String()
	}
	laughs := "ignore:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 30; i++ {
		laughs += fmt.Sprintf("  - &a%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d,", i-1), 10), ","))
	}
	tests := []struct{ name, src, want string }{
		{"flow 100k", "rules: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n",
			"c.yaml:1:71: nested deeper than 64 levels of lists and mappings"},
		{"flow mappings", "rules: " + strings.Repeat("{a: ", 50000) + "\n",
			"c.yaml:1:260: nested deeper than 64 levels"},
		{"compact sequences", "ignore:\n" + strings.Repeat("- ", 100000) + "x\n",
			"c.yaml:2:127: nested deeper than 64 levels"},
		{"indented mappings", nested(200, "k:"), "c.yaml:65:129: nested deeper than 64 levels"},
		{"sequences under keys", "ignore:\n" + nested(200, "- k:"), "c.yaml:33:65: nested deeper than 64 levels"},
		{"alias", "ignore:\n  - &e {path: x}\n  - *e\n",
			"c.yaml:3:5: *e is a YAML alias, which a configuration may not use (quote a value that starts with *)"},
		{"unquoted glob", "ignore:\n  - path: *.json\n", "c.yaml:2:11: *.json is a YAML alias"},
		{"merge key", "ignore:\n  - &e {path: x}\n  - <<: *e\n    rule: TD001\n", "c.yaml:3:9: *e is a YAML alias"},
		{"billion laughs", laughs, "c.yaml:3:10: *a0 is a YAML alias"},
		{"too large", "# " + strings.Repeat("x", MaxSize) + "\n", "c.yaml: larger than 256 KiB, the most ecslint reads of a configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", "/", []byte(tt.src), known)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %.300v, want prefix %q", err, tt.want)
			}
		})
	}
}

// TestParseDepthAllowed: nesting up to MaxDepth is left to the decoder, and
// brackets inside strings do not count.
func TestParseDepthAllowed(t *testing.T) {
	for _, src := range []string{
		"rules: " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + "\n",
		"ignore:\n" + strings.Repeat("- ", MaxDepth-1) + "x\n",
		"ignore:\n  - {path: x, reason: \"" + strings.Repeat("[", 1000) + "\"}\n",
		"ignore:\n  - path: x\n    reason: |\n      " + strings.Repeat("[{", 1000) + "\n      " + strings.Repeat("- ", 1000) + "\n",
		"ignore:\n  - path: x\n    reason: it's " + strings.Repeat("[", 1000) + "\n",
	} {
		_, err := Parse("c.yaml", "/", []byte(src), known)
		if err != nil && strings.Contains(err.Error(), "nested deeper") {
			t.Errorf("Parse(%.80q): %v", src, err)
		}
	}
}

// TestParseErrorCap: a file with thousands of bad entries reports a
// bounded number of them.
func TestParseErrorCap(t *testing.T) {
	_, err := Parse("c.yaml", "/", []byte("ignore: ["+strings.Repeat("{}, ", 5000)+"{}]\n"), known)
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || lines[len(lines)-1] != "c.yaml: 4901 more errors not shown" {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
}
