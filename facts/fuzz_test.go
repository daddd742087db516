package facts

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzAnalyzeImage checks Image never panics and keeps its invariants.
func FuzzAnalyzeImage(f *testing.F) {
	for _, s := range []string{
		"nginx", "nginx:1.27@" + testDigest, "registry-1.docker.io/library/redis:7",
		"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:${TAG}",
		"{{ must_env `IMAGE` }}", "<IMAGE1_NAME>", "$$$$IMAGE$$$$", "myorg/${APP}",
		"Nginx:1", "nginx@sha256:abc", "localhost:${PORT}/app", "a@b@c", "${X:-${Y}}",
		"\uE000", "@@", "{{}}", "${", "%%", ":", "/", "@",
	} {
		f.Add(s)
	}
	c := NewCatalog()
	f.Fuzz(func(t *testing.T, raw string) {
		img := c.Image(raw)
		if img.Raw != raw {
			t.Fatalf("Raw = %q, want %q", img.Raw, raw)
		}
		if img.Valid == (img.Error != "") {
			t.Fatalf("Image(%q): Valid %v with Error %q", raw, img.Valid, img.Error)
		}
		if img.Resolved && (!img.Valid || img.Registry == "" || img.Repository == "") {
			t.Fatalf("Image(%q) resolved without registry or repository: %+v", raw, img)
		}
		if (img.Official || img.ECRPublicEquivalent != "") && (!img.DockerHub || !img.Resolved) {
			t.Fatalf("Image(%q): catalog facts on an image not resolved to Docker Hub: %+v", raw, img)
		}
		if _, err := json.Marshal(img); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzAnalyzeValueFrom checks the secret analysers never panic and keep
// their invariants.
func FuzzAnalyzeValueFrom(f *testing.F) {
	for _, s := range []string{
		smARN, smSuffix + ":password:AWSCURRENT:", ssmPath, kmsKeyARN, "/a/b", "a b",
		"arn:", "arn:aws:secretsmanager:::::::", "arn:${P}:secretsmanager:${R}:${A}:secret:${S}",
		"${x}:y::", "arn:aws:ssm:us-east-1::parameter/", "\uE000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sec := range []Secret{AnalyzeValueFrom(s), AnalyzeCredentialsParameter(s)} {
			if sec.Kind == "" {
				t.Fatalf("%q: no kind", s)
			}
			if sec.Valid == (sec.Error != "") {
				t.Fatalf("%q: Valid %v with Error %q", s, sec.Valid, sec.Error)
			}
			if sec.Service != "" && sec.Service != ServiceSecretsManager && sec.Service != ServiceSSM {
				t.Fatalf("%q: service %q", s, sec.Service)
			}
		}
	})
}

// TestHostileInput runs the analysers on long runs of unterminated
// placeholder openers; a quadratic scan would make it time out.
func TestHostileInput(t *testing.T) {
	c := NewCatalog()
	for _, unit := range []string{"${", "$$", "{{", "{", "<", "#{", "%a", "@a", "${{", "{{{", "a/", "\uE000"} {
		for _, n := range []int{maxValueLen / len(unit), 1 << 20 / len(unit)} {
			in := strings.Repeat(unit, n)
			if img := c.Image(in); img.Valid {
				t.Errorf("Image(%q x %d) is valid", unit, n)
			}
			AnalyzeValueFrom(in)
			AnalyzeCredentialsParameter("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + in)
		}
	}
}
