package printer

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

func pos(line, col int) parser.Position { return parser.Position{Line: line, Column: col} }

// sampleReport covers every field a printer reads.
func sampleReport() *report.Report {
	td001 := &report.Rule{ID: "TD001", Title: "Docker Hub image pulled without credentials", Severity: "error",
		Kind: "taskdef", Name: "dockerhub_unauthenticated",
		Description: "Anonymous Docker Hub pulls are rate limited.", Remediation: "Add repositoryCredentials.",
		HelpURI: report.DocsBase + "rules/taskdef/dockerhub_unauthenticated/README.md"}
	td010 := &report.Rule{ID: "TD010", Title: "Docker Hub image has an Amazon ECR Public equivalent", Severity: "note",
		Kind: "taskdef", Name: "ecr_public_equivalent",
		Description: "Amazon ECR Public mirrors Docker Official Images.", Remediation: "Pull from public.ecr.aws.",
		HelpURI: report.DocsBase + "rules/taskdef/ecr_public_equivalent/README.md"}
	df001 := &report.Rule{ID: "DF001", Title: "FROM image pulled from Docker Hub", Severity: "warning",
		Kind: "dockerfile", Name: "from_dockerhub",
		Description: "Builds pull the base image from Docker Hub.", Remediation: "Use a mirror.",
		HelpURI: report.DocsBase + "rules/dockerfile/from_dockerhub/README.md"}
	img := parser.Range{Start: pos(12, 16), End: pos(12, 28)}
	return &report.Report{
		Rules: []*report.Rule{df001, td001, td010},
		Findings: []report.Finding{
			{Rule: df001, Severity: "warning", Message: `FROM image "golang:1.23" is pulled from Docker Hub`, File: "app/Dockerfile",
				Range: parser.Range{Start: pos(3, 6), End: pos(3, 17)}},
			{Rule: td001, Severity: "error", Message: `image "nginx:1.27" is pulled from Docker Hub without credentials`, File: "infra/api/taskdef.json", Range: img},
			{Rule: td010, Severity: "note", Message: `image "nginx:1.27" is also served by Amazon ECR Public as "public.ecr.aws/docker/library/nginx:1.27" (verify the tag exists there)`,
				File: "infra/api/taskdef.json", Range: img, Fix: &report.Fix{Text: "public.ecr.aws/docker/library/nginx:1.27", Range: img}},
		},
		Errors: []report.FileError{
			{File: "bad.json", Line: 3, Column: 9, Message: "invalid character '@' looking for beginning of value"},
			{File: "missing.json", Message: "no such file or directory"},
		},
		Linted: []string{"app/Dockerfile", "infra/api/taskdef.json", "other.json"},
	}
}

// sampleSource holds the files of sampleReport as Options.Source returns
// them: taskdef.json edited on Windows (BOM, CRLF), tabs in the others.
func sampleSource(file string) []byte {
	switch file {
	case "app/Dockerfile":
		return []byte("# syntax=docker/dockerfile:1\nARG GO=1.23\nFROM\tgolang:1.23 AS build\nRUN go build ./...\n")
	case "infra/api/taskdef.json":
		return []byte(strings.ReplaceAll(`\ufeff{
  "family": "api",
  "networkMode": "awsvpc",
  "cpu": "256",
  "memory": "512",
  "requiresCompatibilities": ["FARGATE"],
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "containerDefinitions": [
    {
      "name": "web",
      "essential": true,
      "image": "nginx:1.27",
      "portMappings": [{"containerPort": 80}]
    }
  ]
}
`, "\n", "\r\n"))
	case "bad.json":
		return []byte("{\n\t\"family\": \"api\",\n\t\"cpu\": @256\n}\n")
	}
	return nil
}

// goldenCases lists each golden file with the printer and options that
// produce it: every format with default options, plus the text variants.
func goldenCases() []struct {
	name string
	p    Printer
	opts Options
} {
	type gc = struct {
		name string
		p    Printer
		opts Options
	}
	var cs []gc
	for _, p := range All() {
		cs = append(cs, gc{p.Name(), p, Options{}})
	}
	return append(cs,
		gc{"text-color", Text{}, Options{Color: true}},
		gc{"text-source", Text{}, Options{ShowSource: true, Source: sampleSource}},
		gc{"text-source-color", Text{}, Options{Color: true, ShowSource: true, Source: sampleSource}},
	)
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			r := sampleReport()
			var buf bytes.Buffer
			if err := tc.p.Print(&buf, r, tc.opts); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./printer -update)", err)
			}
			if buf.String() != string(want) {
				t.Errorf("%s output differs from %s:\n%s", tc.p.Name(), golden, buf.String())
			}
			// Printers must not mutate the report.
			var again bytes.Buffer
			if err := tc.p.Print(&again, r, tc.opts); err != nil || again.String() != buf.String() {
				t.Errorf("second Print differs: the printer is not deterministic or mutated the report")
			}
		})
	}
}

func TestEmptyJSONHasArrays(t *testing.T) {
	var buf bytes.Buffer
	if err := (JSON{}).Print(&buf, &report.Report{}, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"findings": []`, `"errors": []`, `"version": 1`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("empty report lacks %s:\n%s", want, buf.String())
		}
	}
}

func TestLookup(t *testing.T) {
	for _, name := range Names() {
		if p, err := Lookup(name); err != nil || p.Name() != name {
			t.Errorf("Lookup(%q) = %v, %v", name, p, err)
		}
	}
	if _, err := Lookup("xml"); err == nil || !strings.Contains(err.Error(), "text, json") {
		t.Errorf("Lookup(xml) error = %v", err)
	}
}

// TestFingerprintsIgnoreLines: a finding keeps its SARIF fingerprint when
// lines above it move; identical findings get distinct ones.
func TestFingerprintsIgnoreLines(t *testing.T) {
	fp := func(r *report.Report) []string {
		var buf bytes.Buffer
		if err := (SARIF{}).Print(&buf, r, Options{}); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					PartialFingerprints map[string]string `json:"partialFingerprints"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, res := range log.Runs[0].Results {
			out = append(out, res.PartialFingerprints["ecslint/v1"])
		}
		return out
	}
	a := sampleReport()
	b := sampleReport()
	for i := range b.Findings {
		b.Findings[i].Range.Start.Line += 7
		b.Findings[i].Range.End.Line += 7
	}
	fa, fb := fp(a), fp(b)
	if strings.Join(fa, ",") != strings.Join(fb, ",") {
		t.Errorf("fingerprints changed with the lines: %v vs %v", fa, fb)
	}
	c := sampleReport()
	c.Findings = append(c.Findings, c.Findings[1])
	fc := fp(c)
	if fc[1] == fc[3] || !strings.HasPrefix(fc[3], fc[1]) {
		t.Errorf("identical findings: %q and %q, want distinct with a shared stem", fc[1], fc[3])
	}
}

// TestGitHubEscaping: workflow command properties and data are escaped.
func TestGitHubEscaping(t *testing.T) {
	r := sampleReport()
	r.Findings = r.Findings[:1]
	r.Errors = nil
	r.Findings[0].File = "a,b:c.json"
	r.Findings[0].Message = "50% of\nlines"
	var buf bytes.Buffer
	if err := (GitHub{}).Print(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "file=a%2Cb%3Ac.json,"; !strings.Contains(buf.String(), want) {
		t.Errorf("missing %q in %s", want, buf.String())
	}
	if want := "::50%25 of%0Alines ("; !strings.Contains(buf.String(), want) {
		t.Errorf("missing %q in %s", want, buf.String())
	}
}
