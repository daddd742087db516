package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/discover"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/internal/safeio"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/dockerfile"
	"github.com/ecslint/ecslint/parser/ecsjson"
	"github.com/ecslint/ecslint/parser/jsonpos"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/report"
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

// file is a file to read: one the walk found, or standard input.
type file struct {
	discover.File
	src   []byte // content, for stdin
	stdin bool
	// stdinName is --stdin-filename, "" when standard input has no name.
	stdinName string
}

// walked is what gather finds.
type walked struct {
	files   []file
	skips   []report.Skip
	errs    []report.FileError
	notices []report.Notice // .gitignore files not applied
}

// job is a file that is a target, with its content.
type job struct {
	f     file
	read  func(string) ([]byte, error) // nil: readTarget; tests inject read errors root cannot make
	class class
	src   []byte
	docs  []*parser.Document
	iam   *iam.Source // for classIAM
	err   error
	// notice, for a file not linted, is why, in a notice that is always
	// shown. Such a file is not in Report.Skipped as well, so that
	// --verbose names it once.
	notice *report.Notice
}

// Run lints opts.Paths and returns the report. Errors in individual files
// are part of the report; the error result is for run-wide failures.
func (l *Linter) Run(ctx context.Context, opts Options) (*report.Report, error) {
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
	rep := &report.Report{Rules: l.Engine.Rules()}

	walk, err := gather(opts)
	if err != nil {
		return nil, err
	}
	files := walk.files
	rep.Skipped = append(rep.Skipped, walk.skips...)
	rep.Errors = append(rep.Errors, walk.errs...)
	rep.Notices = append(rep.Notices, walk.notices...)

	// Whole-file ignores (entries with a path and no rule) are never read.
	jobs := make([]*job, 0, len(files))
	var fileIgnores []config.Ignore
	for _, f := range files {
		if ig, ok := fileIgnored(cfg, f, opts.Now); ok {
			rep.Skipped = append(rep.Skipped, report.Skip{File: f.Display, Reason: fmt.Sprintf("ignored by %s:%d (path %q)", cfg.File, ig.Line, ig.Path)})
			fileIgnores = append(fileIgnores, ig)
			continue
		}
		jobs = append(jobs, &job{f: f})
	}
	l.parseAll(jobs, newTFReaders(opts.Cwd))
	for _, j := range jobs {
		for _, d := range j.docs {
			for _, n := range d.Notices {
				rep.Notices = append(rep.Notices, report.Notice{File: d.File, Line: n.Range.Start.Line, Column: n.Range.Start.Column, Message: n.Msg})
			}
		}
	}
	inputs := collect(rep, jobs)
	abs := make(map[string]string, len(jobs))
	for _, j := range jobs {
		abs[j.f.Display] = j.f.Abs
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

	// The engine's notices: a built-in function that failed in one of the
	// user's policies.
	findings, evalErrs, evalNotices := l.evaluate(ctx, ws, inputs)
	rep.Notices = append(rep.Notices, evalNotices...)
	for i, err := range evalErrs {
		if err != nil {
			rep.Errors = append(rep.Errors, report.FileError{File: inputs[i].Doc.File, Message: "evaluate rules: " + err.Error()})
		}
	}
	set, supNotices := l.suppressions(cfg, abs, inputs, !opts.NoInlineIgnores)
	for _, ig := range fileIgnores {
		set.MarkUsed(cfg.File, ig.Line)
	}
	kept, notices := set.Apply(applyRuleStates(findings, settings), opts.Now)
	rep.Findings = kept
	rep.Notices = append(append(rep.Notices, supNotices...), notices...)
	sortReport(rep)
	return rep, nil
}

// evaluate evaluates the inputs in parallel and returns their findings in
// input order, each with the images it is about, an error per input, and
// the engine's notices.
func (l *Linter) evaluate(ctx context.Context, ws *workspace, inputs []rego.Input) ([]report.Finding, []error, []report.Notice) {
	results := make([][]report.Finding, len(inputs))
	notices := make([][]report.Notice, len(inputs))
	errs := make([]error, len(inputs))
	workers := min(runtime.GOMAXPROCS(0), len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i], notices[i], errs[i] = l.Engine.EvaluateOne(ctx, inputs[i])
			}
		})
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []report.Finding
	var ns []report.Notice
	for i, r := range results {
		for _, f := range r {
			f.Images = ws.imagesOf(inputs[i].Doc, f.Path)
			out = append(out, f)
		}
		ns = append(ns, notices[i]...)
	}
	return out, errs, ns
}

// gather returns the files named by opts.Paths: standard input, files, and
// the files below folders. Standard input is read here, at most
// MaxFileSize bytes.
func gather(opts Options) (walked, error) {
	var files []file
	var fsPaths []string
	for _, p := range opts.Paths {
		if p != "-" {
			fsPaths = append(fsPaths, p)
			continue
		}
		if opts.Stdin == nil {
			return walked{}, errors.New("read standard input: no input")
		}
		src, err := safeio.ReadAll(opts.Stdin, MaxFileSize)
		if err != nil {
			return walked{}, fmt.Errorf("read standard input: %w", err)
		}
		name := opts.StdinFilename
		if name == "" {
			name = StdinName
		}
		abs := name
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(opts.Cwd, name)
		}
		files = append(files, file{File: discover.File{Abs: abs, Display: filepath.ToSlash(name), Explicit: true}, src: src, stdin: true, stdinName: opts.StdinFilename})
	}
	d := discover.Walk(opts.Cwd, fsPaths, candidate)
	for _, f := range d.Files {
		files = append(files, file{File: f})
	}
	return walked{files: files, skips: d.Skips, errs: d.Errors, notices: d.Notices}, nil
}

// collect files each parsed job under linted, skipped, unsupported, error
// or notice in rep, and returns the documents to evaluate. Each file is
// named once: one skipped with a notice (binary, over 8 MiB, looks like
// container definitions but holds none) is in rep.Notices, not in
// rep.Skipped as well, so --verbose, which prints both, names it once.
func collect(rep *report.Report, jobs []*job) []rego.Input {
	var inputs []rego.Input
	for _, j := range jobs {
		switch {
		case j.class == classNone && j.f.stdin && j.err != nil:
			// Standard input is always a target: what it is not is an error.
			rep.Errors = append(rep.Errors, fileError(j.f.Display, j.err))
		case j.class == classNone && j.notice != nil:
			rep.Notices = append(rep.Notices, *j.notice)
		case j.class == classNone:
			rep.Skipped = append(rep.Skipped, report.Skip{File: j.f.Display, Reason: skipReason(j)})
		case j.class == classUnsupported:
			rep.Unsupported++
			rep.Skipped = append(rep.Skipped, report.Skip{File: j.f.Display, Reason: j.err.Error()})
		case j.err != nil:
			rep.Errors = append(rep.Errors, fileError(j.f.Display, j.err))
		case j.class == classIAM:
			// Read into the IAM index (see buildIndex), not linted.
		default:
			rep.Linted = append(rep.Linted, j.f.Display)
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

func fileError(display string, err error) report.FileError {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return report.FileError{File: display, Line: pe.Pos.Line, Column: pe.Pos.Column, Message: pe.Msg}
	}
	return report.FileError{File: display, Message: err.Error()}
}

// parseAll reads, classifies and parses the jobs in parallel.
func (l *Linter) parseAll(jobs []*job, tf *tfReaders) {
	workers := min(runtime.GOMAXPROCS(0)*2, len(jobs))
	next := make(chan *job)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range next {
				parseOne(j, tf)
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

// skipNotice marks j as not linted, with a notice that says why.
func (j *job) skipNotice(pos parser.Position, msg string) {
	j.class = classNone
	j.notice = &report.Notice{File: j.f.Display, Line: pos.Line, Column: pos.Column, Message: msg}
}

func parseOne(j *job, tf *tfReaders) {
	base := path.Base(j.f.Display)
	strong, _ := dockerfileName(base)
	tfReader := func() string { return tf.find(j.f.Abs) }
	src := j.f.src
	if !j.f.stdin {
		if !strong && !needsContent(base) {
			j.class = classNone
			return
		}
		var err error
		read := readTarget
		if j.read != nil {
			read = j.read
		}
		src, err = read(j.f.Abs)
		if err != nil {
			// A target by its name, or a file named on the command line,
			// that cannot be read is an error; a file whose content would
			// decide, a notice.
			if strong || j.f.Explicit || namedTaskDef(base, tfReader) != "" {
				j.class, j.err = classUnreadable, err
				return
			}
			j.skipNotice(parser.Position{}, "skipped: "+err.Error())
			return
		}
	}
	if enc := detectEncoding(src); enc != nil {
		j.encoded(enc, src, base, tfReader)
		return
	}
	// A NUL byte does not make a Dockerfile binary: BuildKit reads one in
	// a comment or a RUN line. Only what is not a target by name or
	// content is skipped as binary.
	binary := bytes.IndexByte(src[:min(len(src), binarySniffLen)], 0) >= 0
	j.src = src
	var detail string
	if j.f.stdin {
		j.class, detail = stdinClass(j.f.stdinName, src, tfReader)
	} else {
		j.class, detail = classify(base, src, tfReader)
	}
	if binary && j.class != classDockerfile && j.class != classTaskDefJSON {
		if why := namedTaskDef(base, tfReader); why != "" && !j.f.stdin {
			// Named as container definitions: the JSON parser says
			// where the text stops being JSON.
			j.class, detail = classTaskDefJSON, why
		} else {
			j.src = nil
			if j.f.stdin {
				j.class, j.err = classNone, notATarget(j.f, parser.Position{Line: 1, Column: 1}, "a binary file (it has NUL bytes)")
				return
			}
			j.skipNotice(parser.Position{}, "skipped: "+errBinary.Error())
			return
		}
	}
	var p parser.Parser
	switch j.class {
	case classUnsupported:
		j.err = fmt.Errorf("%s files are not supported yet", detail)
		return
	case classIAM:
		j.iam, j.err = safeIAMParse(j.f.Display, src)
		return
	case classDockerfile:
		p = dockerfile.Parser{}
	case classTaskDefJSON:
		p = ecsjson.Parser{Containers: detail != ""}
	default:
		if j.f.stdin {
			pos, reason := stdinReason(src)
			j.err = notATarget(j.f, pos, reason)
		}
		return
	}
	j.docs, j.err = safeParse(p, j.f.Display, src)
	if j.err != nil || len(j.docs) > 0 || j.class != classTaskDefJSON {
		return
	}
	// Sniffed or declared as a task definition, but holds none.
	j.class = classNone
	switch {
	case detail != "":
		// Named like container definitions, or read by a Terraform file():
		// never skipped silently.
		why := ecsjson.NotContainers(j.f.Display, src)
		pos, msg := parser.Position{Line: 1, Column: 1}, "no container definitions in it"
		if why != nil {
			pos, msg = why.Pos, why.Msg
		}
		msg = fmt.Sprintf("looks like container definitions (%s), but %s", detail, msg)
		if j.f.stdin {
			j.err = notATarget(j.f, pos, msg)
			return
		}
		j.skipNotice(pos, "not linted: "+msg)
	case j.f.stdin:
		j.err = notATarget(j.f, parser.Position{Line: 1, Column: 1}, errNoTaskDef.Error())
	default:
		j.err = errNoTaskDef
	}
}

// errNoTaskDef is why a file sniffed as a task definition is skipped.
var errNoTaskDef = errors.New("valid JSON, but no ECS task definition or container definition in it")

// stdinClass classifies standard input, which is always a target: by its
// name (--stdin-filename) as a file of that name would be, and when the name
// does not decide, by content: a task definition when the text looks like
// one (ecsjson.Sniff) or is valid JSON, else a Dockerfile when it has a FROM
// instruction. classNone means neither: an error (stdinReason says why).
func stdinClass(name string, src []byte, tfReader func() string) (class, string) {
	if name != "" {
		if c, detail := classify(path.Base(filepath.ToSlash(name)), src, tfReader); c != classNone {
			return c, detail
		}
	}
	if ecsjson.Sniff(src) || validJSON(src) {
		return classTaskDefJSON, ""
	}
	if hasFromInstruction(src) {
		return classDockerfile, ""
	}
	return classNone, ""
}

// validJSON reports whether src is one JSON value (a byte order mark
// allowed). jsonpos.Decode accepts exactly what json.Valid does, and
// json.Valid builds no tree.
func validJSON(src []byte) bool {
	return json.Valid(bytes.TrimPrefix(src, []byte("\ufeff")))
}

// stdinReason says why standard input that stdinClass rejects is neither
// a Dockerfile nor a task definition, and where.
func stdinReason(src []byte) (parser.Position, string) {
	start := parser.Position{Line: 1, Column: 1}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\ufeff")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("{")) || bytes.HasPrefix(trimmed, []byte("[")) {
		if ecsjson.CheckValues("", src) != nil {
			// Too large to decode for the position of the error.
			return start, "not valid JSON, and no FROM instruction"
		}
		_, err := jsonpos.Decode("", src)
		var perr *parser.Error
		if errors.As(err, &perr) {
			return perr.Pos, "not valid JSON (" + perr.Msg + "), and no FROM instruction"
		}
	}
	if len(trimmed) == 0 {
		return start, "it is empty"
	}
	return start, "no FROM instruction, and not JSON"
}

// notATarget is the error for standard input that is neither a Dockerfile
// nor a task definition.
func notATarget(f file, pos parser.Position, reason string) error {
	what := "standard input"
	if f.stdinName != "" {
		what += " (" + f.stdinName + ")"
	}
	return parser.Errorf(f.Display, pos, "%s is neither a Dockerfile nor an ECS task definition: %s", what, reason)
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

// encoded handles a UTF-16 or UTF-32 file: a target by its name or its
// decoded content, or standard input, is an error at 1:1 that says how to
// convert it; another file is skipped with a notice.
func (j *job) encoded(enc *textEncoding, src []byte, base string, tfReader func() string) {
	target := j.f.stdin || namedTaskDef(base, tfReader) != ""
	if !target {
		c, _ := classify(base, enc.decode(src), tfReader)
		target = c == classDockerfile || c == classTaskDefJSON
	}
	if target {
		j.class = classUnreadable
		j.err = parser.Errorf(j.f.Display, parser.Position{Line: 1, Column: 1}, "%s", enc.message(j.f.stdin))
		return
	}
	j.skipNotice(parser.Position{}, "skipped: "+enc.name+" text, not read (ecslint reads UTF-8)")
}

// namedTaskDef says why a file is a task-definition target by its name
// alone: a JSON candidate named like container definitions or read by a
// Terraform file() call (containersDeclared), or "".
func namedTaskDef(base string, tfReader func() string) string {
	if !jsonCandidate(base) {
		return ""
	}
	return containersDeclared(base, tfReader)
}

// readTarget reads a file the walk found or the command line named, at
// most MaxFileSize bytes. Tests replace it to see errors that a root user
// never meets (permission denied).
func readTarget(p string) ([]byte, error) { return discover.ReadFile(p, MaxFileSize) }

// binarySniffLen is how much of a file is searched for a NUL byte.
const binarySniffLen = 8000

// errBinary marks a file with a NUL byte that is not a target.
var errBinary = errors.New("binary file (it has NUL bytes), not read")

func fileIgnored(cfg *config.Config, f file, now time.Time) (config.Ignore, bool) {
	for _, ig := range cfg.Ignore {
		if len(ig.Rules) > 0 || ig.Path == "" || ig.Pointer != "" || ig.Image != "" || ig.Expired(now) {
			continue
		}
		if cfg.MatchPath(ig, f.Abs) {
			return ig, true
		}
	}
	return config.Ignore{}, false
}

// sortReport orders everything deterministically.
func sortReport(rep *report.Report) {
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

// dropNulls removes, in place, the object members whose value is null
// from v, so that Rego rules can test presence with plain references, and
// returns v. The body of a document is its own (decoded for it alone), so
// no copy is made.
func dropNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x == nil {
				delete(t, k)
				continue
			}
			dropNulls(x)
		}
	case []any:
		for _, x := range t {
			dropNulls(x)
		}
	}
	return v
}
