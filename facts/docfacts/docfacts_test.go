package docfacts_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/facts/docfacts"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/ecsjson"
)

func parse(t *testing.T, name, src string) *parser.Document {
	t.Helper()
	docs, err := ecsjson.Parser{}.Parse(name, []byte(src))
	if err != nil || len(docs) != 1 {
		t.Fatalf("parse %s: %d documents, %v", name, len(docs), err)
	}
	return docs[0]
}

// TestCredentials: the sites where containers pull from a third-party
// registry with credentials reach the image facts of the other documents,
// the first site of each registry in sorted order, whatever the order the
// files were read in.
func TestCredentials(t *testing.T) {
	cat := facts.NewCatalog()
	withCreds := `{"family":"a","containerDefinitions":[{"name":"app","image":"Registry.Example.com/team/app:1",
		"repositoryCredentials":{"credentialsParameter":"arn:aws:secretsmanager:us-east-1:123456789012:secret:reg-AbCdEf"}},
		{"name":"hub","image":"nginx:1.27","repositoryCredentials":{"credentialsParameter":"x"}}]}`
	a := docfacts.CredentialSites(cat, parse(t, "b.json", withCreds))
	b := docfacts.CredentialSites(cat, parse(t, "a.json", withCreds))
	if want := []docfacts.CredentialSite{{Host: "registry.example.com", Loc: "b.json:1"}}; !slices.Equal(a, want) {
		t.Fatalf("CredentialSites = %v, want %v", a, want)
	}
	creds := docfacts.FirstSites([][]docfacts.CredentialSite{a, nil, b})
	if want := map[string]string{"registry.example.com": "a.json:1"}; !maps.Equal(creds, want) {
		t.Fatalf("FirstSites = %v, want %v", creds, want)
	}
	ws := docfacts.New(cat, config.Default(t.TempDir()), iam.NewIndex(), creds)
	d := parse(t, "c.json", `{"family":"c","containerDefinitions":[{"name":"app","image":"registry.example.com/team/other:2"}]}`)
	got, role := ws.Document(d)
	if role != nil {
		t.Errorf("a task definition without executionRoleArn has a role")
	}
	images, _ := got["images"].(map[string]any)
	if len(images) != 1 || images["registry.example.com/team/other:2"] == nil {
		t.Errorf("images = %v, want the one image of c.json", images)
	}
	if imgs := ws.ImagesOf(d, []any{"taskDefinition", "containerDefinitions", 0, "image"}); !slices.Equal(imgs, []string{"registry.example.com/team/other:2", "registry.example.com/team/other:2"}) {
		t.Errorf("ImagesOf = %q", imgs)
	}
	if ws.NeedPaths() || ws.NeedImages() {
		t.Errorf("NeedPaths, NeedImages = %v, %v with no ignore entries", ws.NeedPaths(), ws.NeedImages())
	}
	if s := "a message"; ws.Intern(s) != s {
		t.Errorf("Intern changed its string")
	}
}
