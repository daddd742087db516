package lint

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/parser/ecsjson"
	"github.com/ecslint/ecslint/rego"
)

// MaxFileSize is the largest file read; larger targets are skipped with a
// notice.
const MaxFileSize = 8 << 20

// class is what a file is to ecslint.
type class int

const (
	classNone        class = iota
	classDockerfile        // lint with the Dockerfile parser
	classTaskDefJSON       // lint with the ECS JSON parser
	classUnsupported       // a target in a format not implemented yet
	classIAM               // an IAM source: read into the IAM index, not linted
)

// file is one candidate found by the walk.
type file struct {
	abs      string // absolute path, for config globs
	display  string // slash path shown to the user
	explicit bool   // named on the command line
	src      []byte // content, for stdin
	stdin    bool
}

// skippedDirs are never descended into.
func skippedDir(name string) bool {
	switch name {
	case ".git", ".hg", ".svn", "node_modules", ".terraform", ".terragrunt-cache":
		return true
	}
	return false
}

// nonDockerfileExt lists extensions that make a *dockerfile* name a
// document about Dockerfiles, not one.
func nonDockerfileExt(ext string) bool {
	switch strings.ToLower(ext) {
	case ".md", ".markdown", ".rst", ".adoc", ".txt", ".html", ".json", ".yaml", ".yml",
		".toml", ".xml", ".go", ".py", ".sh", ".bash", ".ps1", ".bat", ".cmd", ".js", ".ts",
		".rb", ".java", ".rs", ".c", ".h", ".rego", ".tf", ".hcl", ".lock", ".sum", ".mod",
		".bak", ".orig", ".swp", ".patch", ".diff", ".png", ".svg":
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
	for _, w := range []string{"dockerfile", "containerfile"} {
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
	if strings.Contains(lower, ".json") {
		return true
	}
	switch filepath.Ext(lower) {
	case ".tpl", ".tmpl", ".template", ".j2", ".jsonnet":
		return true
	}
	return false
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
	if weak || jsonCandidate(base) {
		return true
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".tf", ".yaml", ".yml":
		return true
	}
	return false
}

// classify decides what f is. src may be nil when needsContent is false.
func classify(base string, src []byte) (class, string) {
	strong, weak := dockerfileName(base)
	if strong {
		return classDockerfile, ""
	}
	if weak && hasFromInstruction(src) {
		return classDockerfile, ""
	}
	if format := unsupportedFormat(base, src); format != "" {
		return classUnsupported, format
	}
	if jsonCandidate(base) && ecsjson.Sniff(src) {
		return classTaskDefJSON, ""
	}
	if jsonCandidate(base) && iam.Sniff(src) != iam.NotSource {
		return classIAM, ""
	}
	return classNone, ""
}

// expand turns command-line paths into files, sorted by display path.
// Folders are walked without the paths their .gitignore files exclude
// (returned as skips); a file named on the command line is always read.
func expand(cwd string, paths []string) ([]file, []rego.Skip, []rego.FileError) {
	var out []file
	var skips []rego.Skip
	var errs []rego.FileError
	seen := make(map[string]bool)
	add := func(f file) {
		if !seen[f.abs] {
			seen[f.abs] = true
			out = append(out, f)
		}
	}
	for _, p := range paths {
		if p == "" {
			errs = append(errs, rego.FileError{File: `""`, Message: "empty path"})
			continue
		}
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, p)
		}
		abs = filepath.Clean(abs)
		st, err := os.Stat(abs)
		if err != nil {
			errs = append(errs, rego.FileError{File: filepath.ToSlash(p), Message: unwrapPathError(err).Error()})
			continue
		}
		if !st.IsDir() {
			add(file{abs: abs, display: display(cwd, p, abs), explicit: true})
			continue
		}
		ig := newIgnorer(abs)
		err = filepath.WalkDir(abs, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, rego.FileError{File: display(cwd, q, q), Message: unwrapPathError(err).Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if q != abs && skippedDir(d.Name()) {
					return fs.SkipDir
				}
				if q != abs && ig.ignored(q, true) {
					skips = append(skips, rego.Skip{File: display(cwd, q, q) + "/", Reason: "ignored by .gitignore"})
					return fs.SkipDir
				}
				ig.enter(q)
				return nil
			}
			if ig.ignored(q, false) {
				skips = append(skips, rego.Skip{File: display(cwd, q, q), Reason: "ignored by .gitignore"})
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// A linked file is linted; a linked folder is not followed,
				// so a walk never loops or leaves the tree it was given.
				if st, err := os.Stat(q); err != nil || !st.Mode().IsRegular() {
					return nil
				}
			} else if !d.Type().IsRegular() {
				return nil // devices, sockets, pipes
			}
			add(file{abs: q, display: display(cwd, q, q)})
			return nil
		})
		if err != nil {
			errs = append(errs, rego.FileError{File: filepath.ToSlash(p), Message: err.Error()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].display < out[j].display })
	return out, skips, errs
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// display returns the slash path shown to users: relative to the cwd when
// the file is below it, else as given.
func display(cwd, given, abs string) string {
	if rel, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	if !filepath.IsAbs(given) {
		return filepath.ToSlash(filepath.Clean(given))
	}
	return filepath.ToSlash(abs)
}
