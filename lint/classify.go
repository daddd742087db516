package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/ecslint/ecslint/discover"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/parser/ecsjson"
)

// The most ecslint reads of one file (internal/safeio enforces them;
// discover.MaxGitignoreSize bounds a .gitignore):
const (
	// MaxFileSize bounds the files the walk or the command line names, and
	// standard input. A larger target (a Dockerfile by name, a JSON file
	// named as container definitions, a file named on the command line)
	// is an error; another larger file is skipped with a notice. An IAM
	// source larger than this is read only when named with --iam or in
	// the configuration.
	MaxFileSize = 8 << 20
	// MaxIAMFileSize bounds the IAM sources named with --iam, iam: and
	// roles: in the configuration: get-account-authorization-details
	// output for a large account runs to tens of MiB.
	MaxIAMFileSize = 64 << 20
)

// class is what a file is to ecslint.
type class int

const (
	classNone        class = iota
	classDockerfile        // lint with the Dockerfile parser
	classTaskDefJSON       // lint with the ECS JSON parser
	classUnsupported       // a target in a format not implemented yet
	classIAM               // an IAM source: read into the IAM index, not linted
	classUnreadable        // a target that cannot be read or decoded: an error
)

// The names the classifier reads, one list each. dockerfileName,
// jsonCandidate and needsContent use them, and PreCommitPattern derives the
// pre-commit hook's files: pattern from them, so the hook passes every file
// ecslint would read (a test holds .pre-commit-hooks.yaml to it).
const (
	// dockerfileWords make a base name a Dockerfile: at its start or end
	// always (Dockerfile, Dockerfile.prod, api.Dockerfile), inside it only
	// when the text has a FROM instruction (my_dockerfile_v2).
	dockerfileWords = "dockerfile containerfile"
	// jsonMarker anywhere in a base name makes it a JSON candidate:
	// x.json, x.json.tpl, x.json5, x.tf.json.
	jsonMarker = ".json"
	// templateExts are the extensions of the other JSON candidates:
	// templates that render to JSON (x.tpl for Terraform's templatefile()).
	templateExts = ".tpl .tmpl .template .j2 .jsonnet"
	// otherFormatExts are read to report the formats not supported yet
	// (Terraform, CloudFormation, YAML task definitions); a .tf file is also
	// where a file() call can name JSON container definitions.
	otherFormatExts = ".tf .yaml .yml"
)

// hasExt reports whether the lower-case base name ends in one of the
// extensions of list, a space-separated list.
func hasExt(lower, list string) bool {
	ext := filepath.Ext(lower)
	for e := range strings.FieldsSeq(list) {
		if ext == e {
			return true
		}
	}
	return false
}

// PreCommitPattern returns the files: pattern of the pre-commit hook
// (.pre-commit-hooks.yaml). pre-commit searches it, with Python's re, in
// each slash-separated path relative to the repository; it matches, in any
// case, every path whose base name ecslint may read (a superset: a
// Dockerfile.md matches and is skipped). It is written in the subset of
// syntax that Go's RE2 and Python's re read alike: (?i) only at the start,
// $ for the end, no \z.
func PreCommitPattern() string {
	var inside, exts []string
	for w := range strings.FieldsSeq(dockerfileWords) {
		inside = append(inside, regexp.QuoteMeta(w))
	}
	inside = append(inside, regexp.QuoteMeta(jsonMarker))
	for e := range strings.FieldsSeq(templateExts + " " + otherFormatExts) {
		exts = append(exts, regexp.QuoteMeta(strings.TrimPrefix(e, ".")))
	}
	return `(?i)((^|/)[^/]*(` + strings.Join(inside, "|") + `)[^/]*|\.(` + strings.Join(exts, "|") + `))$`
}

// nonDockerfileExt lists extensions that make a *dockerfile* name a
// document about Dockerfiles, not one.
func nonDockerfileExt(ext string) bool {
	switch strings.ToLower(ext) {
	case ".md", ".markdown", ".rst", ".adoc", ".txt", ".html", ".json", ".yaml", ".yml",
		".toml", ".xml", ".go", ".py", ".sh", ".bash", ".ps1", ".bat", ".cmd", ".js", ".ts",
		".rb", ".java", ".rs", ".c", ".h", ".rego", ".tf", ".hcl", ".lock", ".sum", ".mod",
		".bak", ".orig", ".swp", ".patch", ".diff", ".png", ".svg",
		// Archives, images and documents: binary files, which would be
		// errors as Dockerfiles (a Dockerfile may hold a NUL byte).
		".gz", ".tgz", ".zip", ".tar", ".bz2", ".xz", ".zst", ".7z", ".jpg", ".jpeg", ".gif",
		".webp", ".ico", ".pdf":
		return true
	}
	return false
}

// dockerfileName classifies a base name: strong names are always
// Dockerfiles; weak ones (the word in the middle of a name) only when the
// text has a FROM instruction.
func dockerfileName(base string) (strong, weak bool) {
	lower := strings.ToLower(base)
	if nonDockerfileExt(filepath.Ext(lower)) {
		return false, false
	}
	for w := range strings.FieldsSeq(dockerfileWords) {
		if strings.HasPrefix(lower, w) || strings.HasSuffix(lower, w) {
			return true, false
		}
		if strings.Contains(lower, w) {
			weak = true
		}
	}
	return false, weak
}

// hasFromInstruction reports whether some line of src starts with FROM.
func hasFromInstruction(src []byte) bool {
	for line := range bytes.Lines(src) {
		line = bytes.TrimLeft(line, " \t\ufeff")
		if len(line) > 5 && bytes.EqualFold(line[:4], []byte("from")) && (line[4] == ' ' || line[4] == '\t') {
			return true
		}
	}
	return false
}

// jsonCandidate reports whether a name may hold JSON task definitions.
func jsonCandidate(base string) bool {
	lower := strings.ToLower(base)
	return strings.Contains(lower, jsonMarker) || hasExt(lower, templateExts)
}

// unsupportedFormat names the not-yet-supported format of a file that
// holds ECS task definitions or IAM roles for them, or "".
func unsupportedFormat(base string, src []byte) string {
	lower := strings.ToLower(base)
	ext := filepath.Ext(lower)
	has := func(words ...string) bool {
		for _, w := range words {
			if bytes.Contains(src, []byte(w)) {
				return true
			}
		}
		return false
	}
	switch {
	case ext == ".tf" || strings.HasSuffix(lower, ".tf.json"):
		if has("aws_ecs_task_definition", "container_definition", "aws_iam_") {
			return "Terraform"
		}
	case ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template":
		if has("AWS::ECS::TaskDefinition", "AWS::IAM::Role") {
			return "CloudFormation"
		}
		if ext == ".json" && has(`"aws_ecs_task_definition"`) {
			return "Terraform plan"
		}
		if ext != ".json" && has("containerDefinitions:") {
			return "YAML task definition (aws ecs register-task-definition --cli-input-yaml)"
		}
	}
	return ""
}

// needsContent reports whether classifying base requires reading the file.
func needsContent(base string) bool {
	strong, weak := dockerfileName(base)
	if strong {
		return false
	}
	return weak || jsonCandidate(base) || hasExt(strings.ToLower(base), otherFormatExts)
}

// classify decides what a file is from its base name and its text (src may
// be nil when needsContent is false). tfReader, called only for a JSON array
// whose name does not say it holds container definitions, returns where a
// Terraform file reads the file with file() or templatefile() ("" for
// nowhere); it may be nil. The string is the format of a classUnsupported
// file, and for a classTaskDefJSON file why it is known to hold container
// definitions (containersDeclared), "" when only its content says so.
func classify(base string, src []byte, tfReader func() string) (class, string) {
	strong, weak := dockerfileName(base)
	if strong {
		return classDockerfile, ""
	}
	if weak && hasFromInstruction(src) {
		return classDockerfile, ""
	}
	// Keys and strings are compared as a JSON decoder reads them:
	// "\u0063ontainerDefinitions" is "containerDefinitions" to the AWS
	// CLI. text is src itself when it has no \u escape.
	text := ecsjson.DecodeEscapes(src)
	if format := unsupportedFormat(base, text); format != "" {
		return classUnsupported, format
	}
	if !jsonCandidate(base) {
		return classNone, ""
	}
	if ecsjson.IsArray(text) {
		if why := containersDeclared(base, tfReader); why != "" {
			return classTaskDefJSON, why
		}
	}
	if ecsjson.Sniff(text) {
		return classTaskDefJSON, ""
	}
	if iam.Sniff(text) != iam.NotSource {
		return classIAM, ""
	}
	return classNone, ""
}

// containerNameWords, anywhere in a JSON file's base name, say that an
// array in it holds container definitions: containers.json,
// container-definitions.json.tpl, taskdef.json, task-definition.json,
// task_definition.json. "ecs" counts too, as a word of its own (ecs.json,
// app-ecs.json, ecs_app.json, ecsApp.json; not specs.json): see
// containerName.
const containerNameWords = "container taskdef task-def task_def"

// containerName reports whether a base name says the file holds container
// definitions.
func containerName(base string) bool {
	lower := strings.ToLower(base)
	for w := range strings.FieldsSeq(containerNameWords) {
		if strings.Contains(lower, w) {
			return true
		}
	}
	for _, w := range nameWords(base) {
		if strings.EqualFold(w, "ecs") {
			return true
		}
	}
	return false
}

// nameWords splits a name into words: runs of letters, also split where a
// lower-case letter is followed by an upper-case one (ecsApp).
func nameWords(s string) []string {
	var out []string
	start := -1
	var prev rune
	for i, r := range s {
		letter := unicode.IsLetter(r)
		switch {
		case !letter && start >= 0:
			out = append(out, s[start:i])
			start = -1
		case letter && start >= 0 && unicode.IsLower(prev) && unicode.IsUpper(r):
			out = append(out, s[start:i])
			start = i
		case letter && start < 0:
			start = i
		}
		prev = r
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// containersDeclared says why a JSON array is known to hold container
// definitions whatever its content: "its name" (containerName), or where a
// Terraform file reads it (tfReader), or "" when nothing says so.
func containersDeclared(base string, tfReader func() string) string {
	if containerName(base) {
		return "its name"
	}
	if tfReader != nil {
		return tfReader()
	}
	return ""
}

// tfLevels is how many folders tfReaders searches: the file's own and the
// two above it, where ${path.module}/templates/ecs/app.json is read from.
const tfLevels = 3

// tfReaders finds the Terraform files that read a file with file() or
// templatefile(). Each folder is read once per run; it is safe for
// concurrent use.
type tfReaders struct {
	cwd  string
	mu   sync.Mutex
	dirs map[string]map[string]string // folder -> base name read -> where
}

func newTFReaders(cwd string) *tfReaders {
	return &tfReaders{cwd: cwd, dirs: map[string]map[string]string{}}
}

// find returns where a *.tf file in the folder of abs, or in one of the two
// folders above it, calls file("…/NAME") or templatefile("…/NAME", …) with
// NAME the base name of abs ("infra/main.tf:12 reads it with file()"), or "".
func (t *tfReaders) find(abs string) string {
	base := filepath.Base(abs)
	dir := filepath.Dir(abs)
	for range tfLevels {
		if loc := t.folder(dir)[base]; loc != "" {
			return loc
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return ""
}

// folder returns, for the *.tf files of dir in name order, the first
// file() or templatefile() call naming each base name.
func (t *tfReaders) folder(dir string) map[string]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m, ok := t.dirs[dir]; ok {
		return m
	}
	m := map[string]string{}
	t.dirs[dir] = m
	entries, err := os.ReadDir(dir)
	if err != nil {
		return m
	}
	call := regexp.MustCompile(`(?:^|[^\w.])(file|templatefile)\(\s*"([^"\n]*)"`)
	for _, e := range entries {
		if !strings.EqualFold(filepath.Ext(e.Name()), ".tf") || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		src, err := discover.ReadFile(p, MaxFileSize)
		if err != nil {
			continue
		}
		for _, loc := range call.FindAllSubmatchIndex(src, -1) {
			arg := string(src[loc[4]:loc[5]])
			name := arg[strings.LastIndexByte(arg, '/')+1:]
			if name == "" || strings.Contains(name, "${") || m[name] != "" {
				continue
			}
			line := 1 + bytes.Count(src[:loc[2]], []byte("\n"))
			m[name] = fmt.Sprintf("%s:%d reads it with %s()", discover.Display(t.cwd, p, p), line, src[loc[2]:loc[3]])
		}
	}
	return m
}

// candidate reports whether a file's base name makes ecslint read it: a
// Dockerfile name, or one whose content decides (needsContent). The walk
// (discover.Walk) returns a file that is not a regular file only when its
// name is a candidate, so that reading it says why it cannot be linted.
func candidate(base string) bool {
	strong, _ := dockerfileName(base)
	return strong || needsContent(base)
}
