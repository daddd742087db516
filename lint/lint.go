package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/ecslint/ecslint/classify"
	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/discover"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/facts/docfacts"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/internal/safeio"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/dockerfile"
	"github.com/ecslint/ecslint/parser/ecsjson"
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
	// read replaces readTarget in tests.
	read func(string) ([]byte, error)
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

// job is one file of the run. The index pass and the lint pass fill it in
// turn; what it keeps after the lint pass is small (findings, notices,
// errors, inline ignores), never the file's text or documents.
type job struct {
	f     file
	read  func(string) ([]byte, error) // nil: readTarget; tests inject read errors root cannot make
	class classify.Class
	docs  []*parser.Document
	iam   *iam.Source // for classify.IAM
	err   error
	// notice, for a file not linted, is why, in a notice that is always
	// shown. Such a file is not in Report.Skipped as well, so that
	// --verbose names it once.
	notice *report.Notice
	// indexOnly marks the index pass: classify, read IAM sources, and
	// parse only task definitions that may pull with credentials.
	indexOnly bool
	out       outcome
}

// outcome is what the lint pass keeps of a file.
type outcome struct {
	findings []report.Finding
	notices  []report.Notice
	errs     []report.FileError
	// inline are the file's ignore comments (every document of a file
	// carries them all).
	inline []parser.Suppression
	// boundaries are the execution roles with a permissions boundary the
	// file's documents use, each with the notice of its first use.
	boundaries []docfacts.Boundary
}

// Run lints opts.Paths and returns the report. Errors in individual files
// are part of the report; the error result is for run-wide failures.
//
// A run is two passes over the files (DESIGN.md §2). The index pass reads
// what feeds run-wide facts, IAM sources and the registries that task
// definitions pull from with credentials, and keeps only those facts; it
// does not read Dockerfiles. The lint pass then takes one file at a time
// through parse, facts, evaluation and positions, and keeps only its
// findings: memory follows the largest file, not the tree.
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
		jobs = append(jobs, &job{f: f, read: l.read})
	}
	tf := classify.NewTFReaders(opts.Cwd)

	// The index pass.
	sites := make([][]docfacts.CredentialSite, len(jobs))
	each(jobs, func(i int, j *job) { sites[i] = indexOne(j, tf, l.Catalog) })
	ix, iamErrs, iamNotices := buildIndex(jobs, cfg, opts)
	rep.Errors = append(rep.Errors, iamErrs...)
	rep.Notices = append(rep.Notices, iamNotices...)
	ws := docfacts.New(l.Catalog, cfg, ix, docfacts.FirstSites(sites))

	// The lint pass.
	each(jobs, func(_ int, j *job) { l.lintOne(ctx, j, tf, ws, !opts.NoInlineIgnores) })

	var findings []report.Finding
	seenRoles := map[string]bool{}
	abs := make(map[string]string, len(jobs))
	var inline []fileSuppressions
	for _, j := range jobs {
		abs[j.f.Display] = j.f.Abs
		collect(rep, j)
		findings = append(findings, j.out.findings...)
		rep.Notices = append(rep.Notices, j.out.notices...)
		rep.Errors = append(rep.Errors, j.out.errs...)
		for _, b := range j.out.boundaries {
			// Once per role, at its first use.
			if !seenRoles[b.Role] {
				seenRoles[b.Role] = true
				rep.Notices = append(rep.Notices, b.Notice)
			}
		}
		if len(j.out.inline) > 0 {
			inline = append(inline, fileSuppressions{j.f.Display, j.out.inline})
		}
		j.out = outcome{}
	}
	set, supNotices := l.suppressions(cfg, abs, inline)
	for _, ig := range fileIgnores {
		set.MarkUsed(cfg.File, ig.Line)
	}
	kept, notices := set.Apply(applyRuleStates(findings, settings), opts.Now)
	rep.Findings = kept
	rep.Notices = append(append(rep.Notices, supNotices...), notices...)
	sortReport(rep)
	return rep, nil
}

// each runs fn on every job, by twice GOMAXPROCS goroutines: a file's
// work is mostly CPU, but reading it waits on the file system, and the
// spare goroutines keep the processors busy meanwhile. Each holds one
// file's documents at a time.
func each(jobs []*job, fn func(i int, j *job)) {
	workers := min(2*runtime.GOMAXPROCS(0), len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i, jobs[i])
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
}

// indexOne is the index pass over one file. It reads only files whose
// content decides what they are (a Dockerfile by name is read once, in the
// lint pass); an IAM source is parsed and kept for the index, and a task
// definition that may pull with credentials is parsed for the places it
// does. Everything else the pass learnt is dropped: the lint pass starts
// the file afresh, and reports its errors.
func indexOne(j *job, tf *classify.TFReaders, cat *facts.Catalog) []docfacts.CredentialSite {
	base := path.Base(j.f.Display)
	if strong, _ := classify.DockerfileName(base); strong || !j.f.stdin && !classify.NeedsContent(base) {
		return nil
	}
	j.indexOnly = true
	parseOne(j, tf)
	var sites []docfacts.CredentialSite
	if j.class == classify.TaskDefJSON && j.err == nil {
		for _, d := range j.docs {
			sites = append(sites, docfacts.CredentialSites(cat, d)...)
		}
	}
	if j.class != classify.IAM { // an IAM source stays, read
		*j = job{f: j.f, read: j.read}
	}
	return sites
}

// mayPullWithCredentials reports whether a task definition's text may
// hold repositoryCredentials (a key may be written with \u escapes).
func mayPullWithCredentials(src []byte) bool {
	return bytes.Contains(src, []byte("repositoryCredentials")) || bytes.Contains(src, []byte(`\u`))
}

// lintOne is the lint pass over one file: parse, then, one document at a
// time, facts, evaluation and positions. It keeps the outcome and drops
// the text and the documents.
func (l *Linter) lintOne(ctx context.Context, j *job, tf *classify.TFReaders, ws *docfacts.Workspace, inline bool) {
	if j.class == classify.IAM {
		return // read by the index pass
	}
	parseOne(j, tf)
	if j.err == nil && j.class != classify.None && j.class != classify.Unsupported {
		for _, d := range j.docs {
			l.lintDocument(ctx, j, d, ws)
		}
		if inline && len(j.docs) > 0 {
			j.out.inline = j.docs[0].Suppressions
		}
	}
	j.docs = nil
}

// lintDocument evaluates one document and records its findings, each with
// the images it is about, and its notices.
func (l *Linter) lintDocument(ctx context.Context, j *job, d *parser.Document, ws *docfacts.Workspace) {
	for _, n := range d.Notices {
		j.out.notices = append(j.out.notices, report.Notice{File: d.File, Line: n.Range.Start.Line, Column: n.Range.Start.Column, Message: n.Msg})
	}
	facts, role := ws.Document(d)
	j.out.notices = append(j.out.notices, ws.Unresolved(d)...)
	if b, ok := ws.Boundary(d, role); ok {
		j.out.boundaries = append(j.out.boundaries, b)
	}
	found, notices, err := l.Engine.EvaluateOne(ctx, rego.Input{Doc: d, Facts: facts})
	// The engine's notices: a built-in function that failed in one of the
	// user's policies.
	j.out.notices = append(j.out.notices, notices...)
	if err != nil {
		j.out.errs = append(j.out.errs, report.FileError{File: d.File, Message: "evaluate rules: " + err.Error()})
	}
	for _, f := range found {
		// What a finding keeps for the rest of the run: its path and
		// images only when a configuration ignore entry can match on
		// them, its message and fix once per distinct text.
		if ws.NeedImages() {
			f.Images = ws.ImagesOf(d, f.Path)
		}
		if !ws.NeedPaths() {
			f.Path = nil
		}
		f.Message = ws.Intern(f.Message)
		if f.Fix != nil {
			f.Fix.Text = ws.Intern(f.Fix.Text)
		}
		j.out.findings = append(j.out.findings, f)
	}
}

// gather returns the files named by opts.Paths: standard input, files, and
// the files below folders. Standard input is read here, at most
// classify.MaxFileSize bytes.
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
		src, err := safeio.ReadAll(opts.Stdin, classify.MaxFileSize)
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
	d := discover.Walk(opts.Cwd, fsPaths, classify.Candidate)
	for _, f := range d.Files {
		files = append(files, file{File: f})
	}
	return walked{files: files, skips: d.Skips, errs: d.Errors, notices: d.Notices}, nil
}

// collect files a job under linted, skipped, unsupported, error or notice
// in rep. Each file is named once: one skipped with a notice (binary, over
// 8 MiB, looks like container definitions but holds none) is in
// rep.Notices, not in rep.Skipped as well, so --verbose, which prints
// both, names it once.
func collect(rep *report.Report, j *job) {
	switch {
	case j.class == classify.None && j.f.stdin && j.err != nil:
		// Standard input is always a target: what it is not is an error.
		rep.Errors = append(rep.Errors, fileError(j.f.Display, j.err))
	case j.class == classify.None && j.notice != nil:
		rep.Notices = append(rep.Notices, *j.notice)
	case j.class == classify.None:
		rep.Skipped = append(rep.Skipped, report.Skip{File: j.f.Display, Reason: skipReason(j)})
	case j.class == classify.Unsupported:
		rep.Unsupported++
		rep.Skipped = append(rep.Skipped, report.Skip{File: j.f.Display, Reason: j.err.Error()})
	case j.err != nil:
		rep.Errors = append(rep.Errors, fileError(j.f.Display, j.err))
	case j.class == classify.IAM:
		// Read into the IAM index (see buildIndex), not linted.
	default:
		rep.Linted = append(rep.Linted, j.f.Display)
	}
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

// skipNotice marks j as not linted, with a notice that says why.
func (j *job) skipNotice(pos parser.Position, msg string) {
	j.class = classify.None
	j.notice = &report.Notice{File: j.f.Display, Line: pos.Line, Column: pos.Column, Message: msg}
}

// parseOne takes one file through reading, classification (package
// classify) and parsing: it reads the file when its name makes it worth
// reading (standard input is already read), classifies it by name and
// text, and parses a target with the parser of its class, leaving in j
// the class, the documents or IAM source, and the error or notice that
// says why the file is not linted. In the index pass it parses only what
// feeds run-wide facts.
func parseOne(j *job, tf *classify.TFReaders) {
	base := path.Base(j.f.Display)
	strong, _ := classify.DockerfileName(base)
	tfReader := func() string { return tf.Find(j.f.Abs) }
	src := j.f.src
	if !j.f.stdin {
		if !strong && !classify.NeedsContent(base) {
			j.class = classify.None
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
			if strong || j.f.Explicit || classify.NamedTaskDef(base, tfReader) != "" {
				j.class, j.err = classify.Unreadable, err
				return
			}
			j.skipNotice(parser.Position{}, "skipped: "+err.Error())
			return
		}
	}
	if enc := classify.DetectEncoding(src); enc != nil {
		j.encoded(enc, src, base, tfReader)
		return
	}
	// A NUL byte does not make a Dockerfile binary: BuildKit reads one in
	// a comment or a RUN line. Only what is not a target by name or
	// content is skipped as binary.
	binary := classify.Binary(src)
	var detail string
	if j.f.stdin {
		j.class, detail = classify.Stdin(j.f.stdinName, src, tfReader)
	} else {
		j.class, detail = classify.File(base, src, tfReader)
	}
	if binary && j.class != classify.Dockerfile && j.class != classify.TaskDefJSON {
		if why := classify.NamedTaskDef(base, tfReader); why != "" && !j.f.stdin {
			// Named as container definitions: the JSON parser says
			// where the text stops being JSON.
			j.class, detail = classify.TaskDefJSON, why
		} else if j.f.stdin {
			j.class, j.err = classify.None, notATarget(j.f, parser.Position{Line: 1, Column: 1}, "a binary file (it has NUL bytes)")
			return
		} else {
			j.skipNotice(parser.Position{}, "skipped: "+errBinary.Error())
			return
		}
	}
	var p parser.Parser
	switch j.class {
	case classify.Unsupported:
		j.err = fmt.Errorf("%s files are not supported yet", detail)
		return
	case classify.IAM:
		j.iam, j.err = safeIAMParse(j.f.Display, src)
		return
	case classify.Dockerfile:
		if j.indexOnly {
			return
		}
		p = dockerfile.Parser{}
	case classify.TaskDefJSON:
		if j.indexOnly && !mayPullWithCredentials(src) {
			return
		}
		p = ecsjson.Parser{Containers: detail != ""}
	default:
		if j.f.stdin {
			pos, reason := classify.StdinReason(src)
			j.err = notATarget(j.f, pos, reason)
		}
		return
	}
	j.docs, j.err = safeParse(p, j.f.Display, src)
	if j.err != nil || len(j.docs) > 0 || j.class != classify.TaskDefJSON {
		return
	}
	// Sniffed or declared as a task definition, but holds none.
	j.class = classify.None
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
func (j *job) encoded(enc *classify.Encoding, src []byte, base string, tfReader func() string) {
	target := j.f.stdin || classify.NamedTaskDef(base, tfReader) != ""
	if !target {
		c, _ := classify.File(base, enc.Decode(src), tfReader)
		target = c == classify.Dockerfile || c == classify.TaskDefJSON
	}
	if target {
		j.class = classify.Unreadable
		j.err = parser.Errorf(j.f.Display, parser.Position{Line: 1, Column: 1}, "%s", enc.Message(j.f.stdin))
		return
	}
	j.skipNotice(parser.Position{}, "skipped: "+enc.Name()+" text, not read (ecslint reads UTF-8)")
}

// readTarget reads a file the walk found or the command line named, at
// most classify.MaxFileSize bytes. Tests replace it to see errors that a
// root user never meets (permission denied).
func readTarget(p string) ([]byte, error) { return discover.ReadFile(p, classify.MaxFileSize) }

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
