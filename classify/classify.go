package classify

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

// Class is what a file is to ecslint.
type Class int

// The classes. File and Stdin return None, Dockerfile, TaskDefJSON,
// Unsupported or IAM; Unreadable is the caller's, for a target it cannot
// read or decode.
const (
	None        Class = iota // not a target: skipped
	Dockerfile               // lint with the Dockerfile parser
	TaskDefJSON              // lint with the ECS JSON parser
	Unsupported              // a target in a format not implemented yet
	IAM                      // an IAM source: read into the IAM index, not linted
	Unreadable               // a target that cannot be read or decoded: an error
)

// String returns the name of the class, as written in Go ("TaskDefJSON").
func (c Class) String() string {
	switch c {
	case None:
		return "None"
	case Dockerfile:
		return "Dockerfile"
	case TaskDefJSON:
		return "TaskDefJSON"
	case Unsupported:
		return "Unsupported"
	case IAM:
		return "IAM"
	case Unreadable:
		return "Unreadable"
	}
	return fmt.Sprintf("Class(%d)", int(c))
}

// The names the classifier reads, one list each. DockerfileName,
// JSONCandidate and NeedsContent use them, and PreCommitPattern derives the
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

// DockerfileName classifies a base name: strong names (the word
// dockerfile or containerfile, in any case, at the start or end of the
// name) are always Dockerfiles; weak ones (the word in the middle of a
// name) only when the text has a FROM instruction. A name with an
// extension of a document, source, data or binary file (Dockerfile.md,
// dockerfile_test.go) is neither.
func DockerfileName(base string) (strong, weak bool) {
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

// JSONCandidate reports whether a base name may hold JSON task
// definitions: it has .json in it (x.json, x.json.tpl, x.tf.json), or a
// template extension (.tpl, .tmpl, .template, .j2, .jsonnet).
func JSONCandidate(base string) bool {
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

// NeedsContent reports whether classifying a file of base name base
// requires reading it: a weak Dockerfile name, a JSON candidate, or a
// Terraform or YAML file. A strong Dockerfile name does not need the
// text, and a file whose name is none of these is never read.
func NeedsContent(base string) bool {
	strong, weak := DockerfileName(base)
	if strong {
		return false
	}
	return weak || JSONCandidate(base) || hasExt(strings.ToLower(base), otherFormatExts)
}

// File decides what a file is from its base name and its UTF-8 text (src
// may be nil when NeedsContent is false). tfReader, called only for a JSON
// array whose name does not say it holds container definitions, returns
// where a Terraform file reads the file with file() or templatefile() (""
// for nowhere; TFReaders.Find answers it); it may be nil. The string is
// the format of an Unsupported file, and for a TaskDefJSON file why it is
// known to hold container definitions (ContainersDeclared), "" when only
// its content says so. File returns None, Dockerfile, TaskDefJSON,
// Unsupported or IAM.
func File(base string, src []byte, tfReader func() string) (Class, string) {
	strong, weak := DockerfileName(base)
	if strong {
		return Dockerfile, ""
	}
	if weak && hasFromInstruction(src) {
		return Dockerfile, ""
	}
	// Keys and strings are compared as a JSON decoder reads them:
	// "\u0063ontainerDefinitions" is "containerDefinitions" to the AWS
	// CLI. text is src itself when it has no \u escape.
	text := ecsjson.DecodeEscapes(src)
	if format := unsupportedFormat(base, text); format != "" {
		return Unsupported, format
	}
	if !JSONCandidate(base) {
		return None, ""
	}
	if ecsjson.IsArray(text) {
		if why := ContainersDeclared(base, tfReader); why != "" {
			return TaskDefJSON, why
		}
	}
	if ecsjson.Sniff(text) {
		return TaskDefJSON, ""
	}
	if iam.Sniff(text) != iam.NotSource {
		return IAM, ""
	}
	return None, ""
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

// ContainersDeclared says why a JSON array is known to hold container
// definitions whatever its content: "its name" (containerName), or where a
// Terraform file reads it (tfReader), or "" when nothing says so.
func ContainersDeclared(base string, tfReader func() string) string {
	if containerName(base) {
		return "its name"
	}
	if tfReader != nil {
		return tfReader()
	}
	return ""
}

// tfLevels is how many folders TFReaders searches: the file's own and the
// two above it, where ${path.module}/templates/ecs/app.json is read from.
const tfLevels = 3

// TFReaders finds the Terraform files that read a file with file() or
// templatefile(): the one place where classification reads files, the
// *.tf files (at most MaxFileSize bytes each) of the folders around the
// file classified. Each folder is read once per TFReaders, so one serves
// a whole run; it is safe for concurrent use.
type TFReaders struct {
	cwd  string
	mu   sync.Mutex
	dirs map[string]map[string]string // folder -> base name read -> where
}

// NewTFReaders returns an empty TFReaders. cwd is the folder that the
// places it returns are relative to (discover.Display).
func NewTFReaders(cwd string) *TFReaders {
	return &TFReaders{cwd: cwd, dirs: map[string]map[string]string{}}
}

// Find returns where a *.tf file in the folder of abs, or in one of the two
// folders above it, calls file("…/NAME") or templatefile("…/NAME", …) with
// NAME the base name of abs ("infra/main.tf:12 reads it with file()"), or "".
func (t *TFReaders) Find(abs string) string {
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
func (t *TFReaders) folder(dir string) map[string]string {
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

// Candidate reports whether a file's base name makes ecslint read it: a
// Dockerfile name, or one whose content decides (NeedsContent). The walk
// (discover.Walk) returns a file that is not a regular file only when its
// name is a candidate, so that reading it says why it cannot be linted.
func Candidate(base string) bool {
	strong, _ := DockerfileName(base)
	return strong || NeedsContent(base)
}

// NamedTaskDef says why a file is a task-definition target by its name
// alone: a JSON candidate named like container definitions or read by a
// Terraform file() call (ContainersDeclared), or "". Such a file is a
// target whatever its text: when it cannot be read, is not UTF-8 or has
// NUL bytes, that is an error, not a reason to skip it.
func NamedTaskDef(base string, tfReader func() string) string {
	if !JSONCandidate(base) {
		return ""
	}
	return ContainersDeclared(base, tfReader)
}

// binarySniffLen is how much of a file Binary searches for a NUL byte.
const binarySniffLen = 8000

// Binary reports whether src has a NUL byte in its first 8000 bytes. A
// NUL byte does not make a Dockerfile binary (BuildKit reads one in a
// comment or a RUN line): only a file that is not a target by its name or
// its content is skipped as binary.
func Binary(src []byte) bool {
	return bytes.IndexByte(src[:min(len(src), binarySniffLen)], 0) >= 0
}
