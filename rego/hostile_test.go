package rego

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// userRule returns a user policy with metadata in package
// ecslint.rules.taskdef.<name>, whose deny has body (ending in a
// finding := ... expression or not).
func userPolicy(name, id, body string) string {
	return `# METADATA
# title: Test rule ` + name + `
# description: A user rule.
# related_resources:
#   - ref: https://example.com/doc
# custom:
#   id: ` + id + `
#   severity: warning
#   remediation: None.
package ecslint.rules.taskdef.` + name + `

deny contains finding if {
` + body + `
}
`
}

// embeddedRules is ecslint's own policies, read from the repository.
func embeddedRules() Source { return Source{FS: os.DirFS("../rules"), Root: "."} }

func userSource(files map[string]string) Source {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return Source{FS: fsys, Root: ".", Name: "policies", User: true}
}

func taskDoc(file string) *parser.Document {
	return &parser.Document{Kind: parser.KindTaskDef, File: file, Index: parser.NewIndex(),
		Body: map[string]any{"taskDefinition": map[string]any{"containerDefinitions": []any{
			map[string]any{"name": "web", "image": "nginx"},
		}}}}
}

// within fails the test when f does not return in d: reading a named pipe
// blocks, reading /dev/zero never ends.
func within(t *testing.T, f func()) {
	t.Helper()
	const d = 10 * time.Second
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("did not return within %s", d)
	}
}

// endlessFS holds one file, x.rego, that stats as an empty regular file
// and never ends when read, like a file in /proc or one still growing. It
// has no ReadFile method: reading goes through Open.
type endlessFS struct{}

func (endlessFS) Open(name string) (fs.File, error) {
	if name == "x.rego" {
		return endlessFile{}, nil
	}
	return fstest.MapFS{"x.rego": {}}.Open(name)
}

type endlessFile struct{}

func (endlessFile) Stat() (fs.FileInfo, error) { return fstest.MapFS{"x.rego": {}}.Stat("x.rego") }
func (endlessFile) Close() error               { return nil }
func (endlessFile) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

// TestLoadBoundsPolicyFiles: a policy file over MaxPolicySize, or one that
// never ends, is an error naming it; ecslint does not read it all.
func TestLoadBoundsPolicyFiles(t *testing.T) {
	big := userSource(map[string]string{"big.rego": "package acme\n" + strings.Repeat("# padding\n", MaxPolicySize/10+1)})
	_, err := Load(t.Context(), big)
	if err == nil || !strings.Contains(err.Error(), "policies/big.rego: larger than 1 MiB") {
		t.Errorf("over the limit: %v", err)
	}
	within(t, func() {
		_, err = Load(t.Context(), Source{FS: endlessFS{}, Root: ".", Name: "endless", User: true})
	})
	if err == nil || !strings.Contains(err.Error(), "endless/x.rego: larger than 1 MiB") {
		t.Errorf("endless file: %v", err)
	}
}

// TestUserPoliciesMayNotExtendBuiltins: a user module may not define or
// extend a package of the embedded rules or libraries, or a prefix of
// one, by its package clause or by a rule whose head is a reference.
func TestUserPoliciesMayNotExtendBuiltins(t *testing.T) {
	rejected := []struct{ name, text, want string }{
		{"iam override", "package ecslint\n\nlib.iam.allowed(_, _, _) := true\n",
			"policies/p.rego:3:1: rule lib.iam.allowed in package ecslint extends ecslint.lib.iam, one of ecslint's libraries"},
		{"forged finding", "package ecslint.rules.taskdef\n\ndockerhub_unauthenticated.deny contains {\"path\": [], \"message\": \"forged\"}\n",
			"policies/p.rego:3:1: rule dockerhub_unauthenticated.deny in package ecslint.rules.taskdef extends ecslint.rules.taskdef.dockerhub_unauthenticated, the package of built-in rule TD001"},
		{"forged through rules", "package ecslint.rules\n\ntaskdef.dockerhub_unauthenticated.deny contains {\"path\": [], \"message\": \"forged\"}\n",
			"policies/p.rego:3:1: rule taskdef.dockerhub_unauthenticated.deny in package ecslint.rules extends ecslint.rules.taskdef.dockerhub_unauthenticated"},
		{"any rule", "package ecslint.rules\n\ntaskdef[x].deny contains {\"path\": [], \"message\": x} if some x in [\"dockerhub_unauthenticated\"]\n",
			"policies/p.rego:3:1: rule taskdef[x].deny in package ecslint.rules extends ecslint.rules.taskdef, where ecslint's built-in rules and libraries are"},
		{"root", "package ecslint\n\nmine := 1\n",
			"policies/p.rego:1:1: package ecslint is reserved: ecslint's built-in rules and libraries are below it; name yours ecslint.rules.<kind>.<name>"},
		{"kind", "package ecslint.rules.taskdef\n\nmine := 1\n", "policies/p.rego:1:1: package ecslint.rules.taskdef is reserved"},
		{"lib root", "package ecslint.lib\n\niam.allowed(_, _, _) := true\n",
			"policies/p.rego:1:1: package ecslint.lib: ecslint.lib is reserved for ecslint's own libraries"},
		{"library", "package ecslint.lib.iam\n\nallowed(_, _, _) := true\n", "policies/p.rego:1:1: package ecslint.lib.iam: ecslint.lib is reserved"},
		{"below a rule", "package ecslint.rules.taskdef.dockerhub_unauthenticated.more\n\nx := 1\n",
			"policies/p.rego:1:1: package ecslint.rules.taskdef.dockerhub_unauthenticated.more extends ecslint.rules.taskdef.dockerhub_unauthenticated, the package of built-in rule TD001"},
	}
	for _, tt := range rejected {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(t.Context(), embeddedRules(), userSource(map[string]string{"p.rego": tt.text}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v\nwant %s", err, tt.want)
			}
			// ecslint verify checks the same, test files included.
			_, err = RunUserTests(t.Context(), time.Second, embeddedRules(), userSource(map[string]string{"p_test.rego": tt.text}))
			if err == nil || !strings.Contains(err.Error(), strings.Replace(tt.want, "p.rego", "p_test.rego", 1)) {
				t.Errorf("RunUserTests error = %v\nwant %s", err, tt.want)
			}
		})
	}
	// The documented scheme, helper packages outside ecslint and test
	// packages beside the rules stay allowed.
	allowed := map[string]string{
		"mine.rego":      userPolicy("mine", "ACME001", "\tsome c in input.taskDefinition.containerDefinitions\n\tdata.acme.bad(c)\n\tfinding := {\"path\": [], \"message\": \"x\"}"),
		"helpers.rego":   "package acme\n\nbad(c) if c.name == \"web\"\n",
		"mine_test.rego": "package ecslint.rules.taskdef.mine_test\n\nimport data.ecslint.rules.taskdef.mine\n\ntest_fires if count(mine.deny) == 1 with input as {\"taskDefinition\": {\"containerDefinitions\": [{\"name\": \"web\"}]}}\n",
		"td_test.rego":   "package ecslint.rules.taskdef.dockerhub_unauthenticated_test\n\ntest_x if true\n",
	}
	if _, err := Load(t.Context(), embeddedRules(), userSource(allowed)); err != nil {
		t.Fatalf("Load: %v", err)
	}
	results, err := RunUserTests(t.Context(), time.Second, embeddedRules(), userSource(allowed))
	if err != nil || len(results) != 2 || !results[0].Pass || !results[1].Pass {
		t.Fatalf("RunUserTests = %+v, %v", results, err)
	}
}

// TestBuiltinCallLimits: the built-ins that build a large result inside Go
// refuse a call over the limits, naming the policy file, and stop the
// evaluation; calls under them run as before. The over-limit calls are
// modest (about twice a limit), so that before the limits the policies
// simply succeed.
func TestBuiltinCallLimits(t *testing.T) {
	// Inputs over the limits, built without a call over them: 1,001,000
	// commas, as many ones, 20,000 b's, 1,000 a's, 100,000 spaces.
	const (
		commas = `comma := concat("", [x | some i in numbers.range(1, 1001); x := ","])
	s := concat("", [comma | some i in numbers.range(1, 1000)])
`
		ones = `one := concat(",", [x | some i in numbers.range(1, 1001); x := "1"])
	s := concat(",", [one | some i in numbers.range(1, 1000)])
`
		long  = "long := concat(\"\", [x | some i in numbers.range(1, 20000); x := \"b\"])\n"
		short = "short := concat(\"\", [x | some i in numbers.range(1, 1000); x := \"a\"])\n"
		space = "space := concat(\"\", [x | some i in numbers.range(1, 100000); x := \" \"])\n"
	)
	over := map[string][2]string{
		"numbers.range":                    {"", "numbers.range(1, 1000001)"},
		"numbers.range_step":               {"", "numbers.range_step(0, 2000002, 2)"},
		"split":                            {commas, `split(s, ",")`},
		"strings.split_n":                  {commas, `strings.split_n(s, ",", -1)`},
		"indexof_n":                        {commas, `indexof_n(s, ",")`},
		"regex.split":                      {commas, `regex.split(",", s)`},
		"regex.find_n":                     {commas, `regex.find_n(",", s, -1)`},
		"regex.find_all_string_submatch_n": {commas, `regex.find_all_string_submatch_n(",", s, -1)`},
		"replace":                          {long + "\t" + short, `replace(short, "a", long)`},
		"strings.replace_n":                {long + "\t" + short, `strings.replace_n({"a": long}, short)`},
		"regex.replace":                    {long + "\t" + short, `regex.replace(short, "a", long)`},
		"concat":                           {long, `concat(long, [x | some i in numbers.range(1, 1000); x := "a"])`},
		"sprintf":                          {"", `sprintf(concat("", [x | some i in numbers.range(1, 20); x := "%[1]999999v"]), ["x"])`},
		"json.marshal":                     {long, `json.marshal([long | some i in numbers.range(1, 1000)])`},
		"json.marshal_with_options":        {space, `json.marshal_with_options(numbers.range(1, 1000), {"indent": space})`},
		"yaml.marshal":                     {long, `yaml.marshal([long | some i in numbers.range(1, 1000)])`},
		"json.unmarshal":                   {ones, `json.unmarshal(concat("", ["[", s, "]"]))`},
		"bits.lsh":                         {"", "bits.lsh(1, 65536)"},
		"strings.render_template":          {"", `strings.render_template("{{range 20000000}}x{{end}}", {})`},
		"graph.reachable_paths":            {"", `graph.reachable_paths({sprintf("%d", [i]): [sprintf("%d", [i+1]), sprintf("%d", [i+2])] | some i in numbers.range(0, 25)}, ["0"])`},
	}
	under := map[string]string{
		"numbers.range":           "numbers.range(1, 10)",
		"split":                   `split("a,b", ",")`,
		"replace":                 `replace("aaa", "a", "bb")`,
		"sprintf":                 `sprintf("%5s %d %v %.2f %[1]s", ["x", 1, [1, 2], 1.5])`,
		"concat":                  `concat(", ", ["a", "b"])`,
		"json.marshal":            `json.marshal_with_options({"a": [1]}, {"pretty": true})`,
		"strings.render_template": `strings.render_template("{{.x}}", {"x": 1})`,
		"graph.reachable_paths":   `graph.reachable_paths({"a": ["b"], "b": []}, ["a"])`,
		"bits.lsh":                "bits.lsh(1, 62)",
		"json.unmarshal":          `json.unmarshal("[1, 2]")`,
	}
	files := map[string]string{}
	file := func(name string) string { return strings.ReplaceAll(name, ".", "_") }
	i := 0
	for name, c := range over {
		i++
		files[file(name)+".rego"] = userPolicy(file(name), fmt.Sprintf("OVER%03d", i),
			"\t"+c[0]+"\tx := "+c[1]+"\n\tx != null\n\tfinding := {\"path\": [], \"message\": \"over\"}")
	}
	for name, call := range under {
		i++
		files["under_"+file(name)+".rego"] = userPolicy("under_"+file(name), fmt.Sprintf("UNDER%03d", i),
			"\tx := "+call+"\n\tfinding := {\"path\": [], \"message\": \"under "+name+"\"}")
	}
	eng, err := Load(t.Context(), embeddedRules(), userSource(files))
	if err != nil {
		t.Fatal(err)
	}
	eng.SetTimeout(time.Minute)
	findings, errs, _ := eng.Evaluate(t.Context(), []Input{{Doc: taskDoc("td.json")}})
	for name := range under {
		found := false
		for _, f := range findings {
			found = found || f.Message == "under "+name
		}
		if !found {
			t.Errorf("%s under the limit: no finding", name)
		}
	}
	if errs[0] == nil {
		t.Fatal("no error")
	}
	msg := errs[0].Error()
	for name := range over {
		want := regexp.MustCompile(`(^|; )policies/` + file(name) + `\.rego:1[3-6]:\d+: rule OVER\d+: ` + regexp.QuoteMeta(name) + `: [^;]*; ecslint lets one call (make|decode) at most `)
		if !want.MatchString(msg) {
			t.Errorf("%s over the limit: no error matching %s in\n%s", name, want, msg)
		}
	}
}

// TestMemoryWatchdog: a user rule whose evaluation grows the heap past the
// budget is stopped and named, the other rules' findings on that document
// and the others are kept, and the rule is not evaluated again.
func TestMemoryWatchdog(t *testing.T) {
	eng, err := Load(t.Context(), embeddedRules(), userSource(map[string]string{
		"grow.rego": userPolicy("grow", "GROW001", `	s := concat("", [x | some i in numbers.range(1, 1000); x := "abcdefghij"])
	x := [concat("", [s, sprintf("%d", [i])]) | some i in numbers.range(1, 20000)]
	finding := {"path": [], "message": sprintf("%d", [count(x)])}`),
		"ok.rego": userPolicy("ok", "OK001", `	finding := {"path": [], "message": "ok"}`),
	}))
	if err != nil {
		t.Fatal(err)
	}
	eng.memory = 32 << 20
	eng.SetTimeout(time.Minute)
	findings, errs := eng.Eval(t.Context(), []Input{{Doc: taskDoc("a.json")}, {Doc: taskDoc("b.json")}})
	if errs[0] == nil || errs[1] == nil {
		t.Fatalf("errors = %v", errs)
	}
	got := []string{errs[0].Error(), errs[1].Error()}
	sort.Strings(got)
	stopped := "policies/grow.rego:10:1: rule GROW001 was stopped: it used more than 32 MiB of memory"
	skipped := regexp.MustCompile(`^policies/grow.rego:10:1: rule GROW001 was not evaluated: it used more than 32 MiB of memory on [ab]\.json$`)
	if !skipped.MatchString(got[0]) || got[1] != stopped {
		t.Errorf("errors = %q", got)
	}
	ok := map[string]bool{}
	for _, f := range findings {
		if f.Rule.ID == "OK001" {
			ok[f.File] = true
		}
	}
	if !ok["a.json"] || !ok["b.json"] {
		t.Errorf("other rules' findings lost: OK001 on %v", ok)
	}
}

// TestBuiltinErrorNotice: a built-in function that fails in a user rule is
// undefined, as in OPA, and a notice at the call names the rule and file.
func TestBuiltinErrorNotice(t *testing.T) {
	eng, err := Load(t.Context(), embeddedRules(), userSource(map[string]string{
		"jwt.rego": userPolicy("jwt", "JWT001", `	some c in input.taskDefinition.containerDefinitions
	[_, payload, _] := io.jwt.decode(c.name)
	finding := {"path": [], "message": payload.sub}`),
	}))
	if err != nil {
		t.Fatal(err)
	}
	findings, errs, sunk := eng.Evaluate(t.Context(), []Input{{Doc: taskDoc("td.json")}})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	for _, f := range findings {
		if f.Rule.ID == "JWT001" {
			t.Errorf("finding from a failed call: %+v", f)
		}
	}
	want := report.Notice{File: "policies/jwt.rego", Line: 14, Column: 21,
		Message: "rule JWT001 on td.json: io.jwt.decode: encoded JWT had no period separators; the call was treated as undefined"}
	if len(sunk) != 1 || sunk[0] != want {
		t.Errorf("notices = %+v\nwant %+v", sunk, want)
	}
	// The embedded rules' undefined calls stay silent: the one notice
	// above is the user's rule's.
}

// TestUserRuleThatNeverReturns: a built-in that loops inside Go cannot be
// canceled; the evaluation is abandoned after the timeout and the rule
// is not started again.
func TestUserRuleThatNeverReturns(t *testing.T) {
	eng, err := Load(t.Context(), embeddedRules(), userSource(map[string]string{
		"spin.rego": userPolicy("spin", "SPIN001", `	x := strings.render_template("{{range 1000000000000000}}{{end}}", {})
	finding := {"path": [], "message": x}`),
	}))
	if err != nil {
		t.Fatal(err)
	}
	eng.SetTimeout(200 * time.Millisecond)
	var errs []error
	within(t, func() {
		_, errs = eng.Eval(t.Context(), []Input{{Doc: taskDoc("a.json")}, {Doc: taskDoc("b.json")}})
	})
	got := []string{errs[0].Error(), errs[1].Error()}
	want := []string{"evaluation stopped after 200ms (--timeout): a policy runs too long",
		"policies/spin.rego:10:1: rule SPIN001 was not evaluated: it did not stop after --timeout on "}
	sort.Strings(got) // the document's error, then the policy's
	if !strings.Contains(got[0], want[0]) || !strings.HasPrefix(got[1], want[1]) {
		t.Errorf("errors = %q", got)
	}
}

// TestRunUserTestsTimeout: ecslint verify --timeout bounds each test.
func TestRunUserTestsTimeout(t *testing.T) {
	src := userSource(map[string]string{"spin_test.rego": `package acme_test

test_spin if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j == -1
}
`})
	start := time.Now()
	results, err := RunUserTests(t.Context(), 200*time.Millisecond, embeddedRules(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].Pass || results[0].Err == nil || results[0].Err.Error() != "stopped after 200ms (--timeout): the test runs too long" {
		t.Errorf("results = %+v", results)
	}
	t.Logf("took %s", time.Since(start))
}

// TestPolicyFileNamesQuoted: a policy file name with control characters
// is quoted wherever it is shown.
func TestPolicyFileNamesQuoted(t *testing.T) {
	_, err := Load(context.Background(), embeddedRules(), userSource(map[string]string{"a\n::error::b\x1b.rego": "package ecslint\n\nx := 1\n"}))
	if err == nil || !strings.Contains(err.Error(), `"policies/a\n::error::b\x1b.rego":1:1: package ecslint is reserved`) {
		t.Errorf("error = %q", err)
	}
}

// TestTimeoutCoversAllUserRules: one --timeout covers every rule on a
// document; when it runs out, the rest are not started and the document's
// error says so once.
func TestTimeoutCoversAllUserRules(t *testing.T) {
	spin := `	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j == -1
	finding := {"path": [], "message": "never"}`
	eng, err := Load(t.Context(), embeddedRules(), userSource(map[string]string{
		"a.rego": userPolicy("a", "SPIN001", spin),
		"b.rego": userPolicy("b", "SPIN002", spin),
	}))
	if err != nil {
		t.Fatal(err)
	}
	eng.SetTimeout(200 * time.Millisecond)
	start := time.Now()
	_, errs := eng.Eval(t.Context(), []Input{{Doc: taskDoc("td.json")}})
	if errs[0] == nil || errs[0].Error() != "td.json: evaluation stopped after 200ms (--timeout): a policy runs too long" {
		t.Errorf("error = %v", errs[0])
	}
	t.Logf("took %s", time.Since(start))
}
