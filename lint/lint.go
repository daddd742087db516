package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/dockerfile"
	"github.com/ecslint/ecslint/parser/ecsjson"
	"github.com/ecslint/ecslint/rego"
)

// StdinName is the display name of standard input without --stdin-filename.
const StdinName = "<stdin>"

// Options configure one run.
type Options struct {
	Paths         []string // files and folders; "-" is standard input
	Stdin         io.Reader
	StdinFilename string
	Cwd           string
	Config        *config.Config
	Enable        []string // rule ids to enable (others stay as configured)
	Disable       []string // rule ids to disable
	Now           time.Time
	// IAM lists extra IAM source files (--iam), relative to Cwd.
	IAM []string
	// NoInlineIgnores disregards ignore comments in the files (audits);
	// config ignore entries still apply.
	NoInlineIgnores bool
}

// Linter holds what is built once per process: the rules and the catalog.
type Linter struct {
	Engine  *rego.Engine
	Catalog *facts.Catalog
}

// job is a file that is a target, with its content.
type job struct {
	f     file
	class class
	src   []byte
	docs  []*parser.Document
	iam   *iam.Source // for classIAM
	err   error
}

// Run lints opts.Paths and returns the report. Errors in individual files
// are part of the report; the error result is for run-wide failures.
func (l *Linter) Run(ctx context.Context, opts Options) (*rego.Report, error) {
	cfg := opts.Config
	if cfg == nil {
		cfg = config.Default(opts.Cwd)
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	settings, err := effectiveRules(l.Engine, cfg, opts.Enable, opts.Disable)
	if err != nil {
		return nil, err
	}
	rep := &rego.Report{Rules: l.Engine.Rules()}

	files, walkSkips, walkErrs, err := gather(opts)
	if err != nil {
		return nil, err
	}
	rep.Skipped = append(rep.Skipped, walkSkips...)
	rep.Errors = append(rep.Errors, walkErrs...)

	// Whole-file ignores (entries with a path and no rule) are never read.
	jobs := make([]*job, 0, len(files))
	var fileIgnores []config.Ignore
	for _, f := range files {
		if ig, ok := fileIgnored(cfg, f, opts.Now); ok {
			rep.Skipped = append(rep.Skipped, rego.Skip{File: f.display, Reason: fmt.Sprintf("ignored by %s:%d (path %q)", cfg.File, ig.Line, ig.Path)})
			fileIgnores = append(fileIgnores, ig)
			continue
		}
		jobs = append(jobs, &job{f: f})
	}
	l.parseAll(jobs)
	inputs := collect(rep, jobs)
	abs := make(map[string]string, len(jobs))
	for _, j := range jobs {
		abs[j.f.display] = j.f.abs
	}

	ix, iamErrs, iamNotices := buildIndex(jobs, cfg, opts)
	rep.Errors = append(rep.Errors, iamErrs...)
	rep.Notices = append(rep.Notices, iamNotices...)

	ws := newWorkspace(l.Catalog, cfg, ix)
	for i := range inputs {
		inputs[i].Facts = ws.documentFacts(inputs[i].Doc)
	}
	ws.annotate(inputs)
	rep.Notices = append(rep.Notices, ws.unresolved(inputs)...)

	findings, evalErrs := l.Engine.Eval(ctx, inputs)
	for i, err := range evalErrs {
		if err != nil {
			rep.Errors = append(rep.Errors, rego.FileError{File: inputs[i].Doc.File, Message: "evaluate rules: " + err.Error()})
		}
	}
	set, supNotices := l.suppressions(cfg, abs, inputs, !opts.NoInlineIgnores)
	for _, ig := range fileIgnores {
		set.MarkUsed(cfg.File, ig.Line)
	}
	kept, notices := set.Apply(applyRuleStates(findings, settings), opts.Now, ws.imagesOf)
	rep.Findings = kept
	rep.Notices = append(append(rep.Notices, supNotices...), notices...)
	sortReport(rep)
	return rep, nil
}

// gather returns the files named by opts.Paths: standard input, files, and
// the files below folders.
func gather(opts Options) ([]file, []rego.Skip, []rego.FileError, error) {
	var files []file
	var fsPaths []string
	for _, p := range opts.Paths {
		if p != "-" {
			fsPaths = append(fsPaths, p)
			continue
		}
		src, err := readLimited(opts.Stdin)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read standard input: %w", err)
		}
		name := opts.StdinFilename
		if name == "" {
			name = StdinName
		}
		abs := name
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(opts.Cwd, name)
		}
		files = append(files, file{abs: abs, display: filepath.ToSlash(name), explicit: true, src: src, stdin: true})
	}
	found, skips, errs := expand(opts.Cwd, fsPaths)
	return append(files, found...), skips, errs, nil
}

// collect files each parsed job under linted, skipped, unsupported or
// error in rep, and returns the documents to evaluate.
func collect(rep *rego.Report, jobs []*job) []rego.Input {
	var inputs []rego.Input
	for _, j := range jobs {
		switch {
		case j.class == classNone && (errors.Is(j.err, errTooLarge) || errors.Is(j.err, errBinary)):
			rep.Notices = append(rep.Notices, rego.Notice{File: j.f.display, Message: "skipped: " + j.err.Error()})
			rep.Skipped = append(rep.Skipped, rego.Skip{File: j.f.display, Reason: j.err.Error()})
		case j.class == classNone:
			rep.Skipped = append(rep.Skipped, rego.Skip{File: j.f.display, Reason: skipReason(j)})
		case j.class == classUnsupported:
			rep.Unsupported++
			rep.Skipped = append(rep.Skipped, rego.Skip{File: j.f.display, Reason: j.err.Error()})
		case j.err != nil:
			rep.Errors = append(rep.Errors, fileError(j.f.display, j.err))
		case j.class == classIAM:
			// Read into the IAM index (see buildIndex), not linted.
		default:
			rep.Linted = append(rep.Linted, j.f.display)
			for _, d := range j.docs {
				if d.Kind == parser.KindTaskDef {
					// ECS treats a null member as absent; so do the rules.
					d.Body = dropNulls(d.Body).(map[string]any)
				}
				inputs = append(inputs, rego.Input{Doc: d})
			}
		}
	}
	return inputs
}

func skipReason(j *job) string {
	if j.err != nil {
		return j.err.Error()
	}
	return "not a Dockerfile or ECS task definition"
}

func fileError(display string, err error) rego.FileError {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return rego.FileError{File: display, Line: pe.Pos.Line, Column: pe.Pos.Column, Message: pe.Msg}
	}
	return rego.FileError{File: display, Message: err.Error()}
}

// parseAll reads, classifies and parses the jobs in parallel.
func (l *Linter) parseAll(jobs []*job) {
	workers := min(runtime.GOMAXPROCS(0)*2, len(jobs))
	next := make(chan *job)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range next {
				parseOne(j)
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

func parseOne(j *job) {
	base := path.Base(j.f.display)
	src := j.f.src
	if !j.f.stdin {
		strong, _ := dockerfileName(base)
		if !strong && !needsContent(base) {
			j.class = classNone
			return
		}
		var err error
		src, err = readFile(j.f.abs)
		switch {
		case errors.Is(err, errTooLarge):
			j.class, j.err = classNone, err
			return
		case err != nil && (strong || j.f.explicit):
			j.class, j.err = classDockerfile, err
			return
		case err != nil:
			j.class, j.err = classNone, err
			return
		}
	}
	if bytes.IndexByte(src[:min(len(src), binarySniffLen)], 0) >= 0 {
		j.class, j.err = classNone, errBinary
		if strong, _ := dockerfileName(base); (strong || jsonCandidate(base)) && utf16BOM(src) {
			// Saved by a Windows editor: a target nobody can build or parse.
			j.class = classDockerfile
			if !strong {
				j.class = classTaskDefJSON
			}
			j.err = parser.Errorf(j.f.display, parser.Position{Line: 1, Column: 1}, "the file is UTF-16 encoded; save it as UTF-8")
		}
		return
	}
	j.src = src
	if j.f.stdin && j.f.display == StdinName {
		j.class = stdinClass(src)
	} else {
		var format string
		j.class, format = classify(base, src)
		if j.class == classUnsupported {
			j.err = fmt.Errorf("%s files are not supported yet", format)
			return
		}
	}
	var p parser.Parser
	switch j.class {
	case classIAM:
		j.iam, j.err = safeIAMParse(j.f.display, src)
		return
	case classDockerfile:
		p = dockerfile.Parser{}
	case classTaskDefJSON:
		p = ecsjson.Parser{}
	default:
		return
	}
	j.docs, j.err = safeParse(p, j.f.display, src)
	if j.err == nil && len(j.docs) == 0 && j.class == classTaskDefJSON {
		// Sniffed as a task definition but holds none: not a target after all.
		j.class, j.err = classNone, errors.New("valid JSON, but no ECS task definition or container definition in it")
	}
}

// safeParse turns a parser panic into a positioned error, so one bad file
// never stops a run.
func safeParse(p parser.Parser, name string, src []byte) (docs []*parser.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, parser.Errorf(name, parser.Position{Line: 1, Column: 1}, "internal error while parsing: %v", r)
		}
	}()
	return p.Parse(name, src)
}

// safeIAMParse is safeParse for IAM sources.
func safeIAMParse(name string, src []byte) (s *iam.Source, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, parser.Errorf(name, parser.Position{Line: 1, Column: 1}, "internal error while reading IAM source: %v", r)
		}
	}()
	return iam.Parse(name, src)
}

func utf16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff})
}

// stdinClass guesses the format of unnamed standard input.
func stdinClass(src []byte) class {
	trimmed := strings.TrimLeft(string(src[:min(len(src), 4096)]), " \t\r\n\ufeff")
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		return classTaskDefJSON
	}
	return classDockerfile
}

func readFile(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	b, err := readLimited(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return b, err
}

// binarySniffLen is how much of a file is searched for a NUL byte.
const binarySniffLen = 8000

// errBinary marks a file with a NUL byte: not text, never a target.
var errBinary = errors.New("binary file (it has NUL bytes), not read")

// errTooLarge marks a file over MaxFileSize.
var errTooLarge = errors.New("larger than 8 MiB, not read")

// readLimited reads at most MaxFileSize bytes and fails beyond.
func readLimited(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, errors.New("no input")
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, errTooLarge
	}
	return b, nil
}

func fileIgnored(cfg *config.Config, f file, now time.Time) (config.Ignore, bool) {
	for _, ig := range cfg.Ignore {
		if len(ig.Rules) > 0 || ig.Path == "" || ig.Pointer != "" || ig.Image != "" || ig.Expired(now) {
			continue
		}
		if cfg.MatchPath(ig, f.abs) {
			return ig, true
		}
	}
	return config.Ignore{}, false
}

// sortReport orders everything deterministically.
func sortReport(rep *rego.Report) {
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Range.Start.Line != b.Range.Start.Line {
			return a.Range.Start.Line < b.Range.Start.Line
		}
		if a.Range.Start.Column != b.Range.Start.Column {
			return a.Range.Start.Column < b.Range.Start.Column
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Message < b.Message
	})
	// The same finding is never reported twice.
	out := rep.Findings[:0]
	for i, f := range rep.Findings {
		if i > 0 {
			p := out[len(out)-1]
			if p.File == f.File && p.Range == f.Range && p.Rule == f.Rule && p.Message == f.Message {
				continue
			}
		}
		out = append(out, f)
	}
	rep.Findings = out
	sort.SliceStable(rep.Errors, func(i, j int) bool {
		a, b := rep.Errors[i], rep.Errors[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
	sort.SliceStable(rep.Notices, func(i, j int) bool {
		a, b := rep.Notices[i], rep.Notices[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
	sort.Strings(rep.Linted)
	sort.SliceStable(rep.Skipped, func(i, j int) bool { return rep.Skipped[i].File < rep.Skipped[j].File })
}

// dropNulls returns v without object members whose value is null, so that
// Rego rules can test presence with plain references.
func dropNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			if x != nil {
				out[k] = dropNulls(x)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = dropNulls(x)
		}
		return out
	}
	return v
}
