package lint

import (
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/internal/testfs"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/rules"
)

// TestTwoPasses: the index pass reads the files whose content decides what
// they are and what they feed to the whole run; a Dockerfile, which feeds
// nothing run-wide, is read once, by the lint pass; an IAM source once, by
// the index pass; a task definition in each pass. The run-wide fact the
// index pass gathers (a registry pulled with credentials) reaches the
// other files' findings.
func TestTwoPasses(t *testing.T) {
	dir := testfs.WriteTree(t, map[string]string{
		"Dockerfile": "FROM nginx:1.27\n",
		"a/with-creds.json": `{"family":"a","containerDefinitions":[{"name":"app","image":"registry.example.com/team/app:1",
			"repositoryCredentials":{"credentialsParameter":"arn:aws:secretsmanager:us-east-1:123456789012:secret:reg-AbCdEf"}}]}`,
		"b/without.json": `{"family":"b","containerDefinitions":[{"name":"app","image":"registry.example.com/team/other:2"}]}`,
		"iam/auth.json":  `{"RoleDetailList":[],"Policies":[]}`,
	})
	eng, err := rego.Load(t.Context(), rego.Source{FS: rules.FS, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	reads := map[string]int{}
	l := &Linter{Engine: eng, Catalog: facts.NewCatalog(), read: func(p string) ([]byte, error) {
		mu.Lock()
		reads[p[len(dir)+1:]]++
		mu.Unlock()
		return readTarget(p)
	}}
	rep, err := l.Run(t.Context(), Options{Paths: []string{"."}, Cwd: dir, Config: config.Default(dir)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"Dockerfile": 1, "a/with-creds.json": 2, "b/without.json": 2, "iam/auth.json": 1}
	if !maps.Equal(reads, want) {
		t.Errorf("reads = %v, want %v", reads, want)
	}
	var td002 []string
	for _, f := range rep.Findings {
		if f.Rule.ID == "TD002" {
			td002 = append(td002, f.File+": "+f.Message)
		}
	}
	if want := []string{`b/without.json: image "registry.example.com/team/other:2" is pulled from registry.example.com without credentials, but a/with-creds.json:1 pulls from that registry with credentials`}; !slices.Equal(td002, want) {
		t.Errorf("TD002 findings = %q, want %q", td002, want)
	}
	if f := rep.Findings; len(f) > 0 && (f[0].Path != nil || f[0].Images != nil) {
		t.Errorf("a finding keeps its path %v and images %v with no ignore entry that needs them", f[0].Path, f[0].Images)
	}
}
