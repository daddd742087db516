package rego

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	oparego "github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/cache"

	"github.com/ecslint/ecslint/internal/safeio"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// Kinds lists the document kinds rules may target, in a fixed order.
func Kinds() []string { return []string{parser.KindDockerfile, parser.KindTaskDef} }

// DefaultTimeout bounds the evaluation of one document.
const DefaultTimeout = 10 * time.Second

// MaxPolicySize is the largest policy file read: the largest embedded one
// is under 10 KiB, and OPA's syntax tree of a module takes some fifty times
// its text in memory.
const MaxPolicySize = 1 << 20

// abandonAfter is how long an evaluation of a user's policy is waited for
// after its deadline: OPA stops at the next step, but a built-in function
// that loops inside Go (a template ranging over a large number) never
// returns, and the run must end anyway.
const abandonAfter = time.Second

// Engine holds compiled policies: one prepared query per document kind for
// the embedded rules, compiled without the user's policies so that no
// user policy can change their results, and one per user rule, compiled
// with everything, evaluated alone under the memory watchdog. It is safe
// for concurrent use.
type Engine struct {
	rules   []*report.Rule          // sorted by ID
	byPkg   map[string]*report.Rule // kind + "/" + name -> rule
	queries map[string]*kindQuery   // embedded rules, by kind, prepared on first use
	// embedded holds the modules of the embedded rules and libraries: up
	// to their imports only when their text is in texts, to be parsed in
	// full when they are compiled (fullModule, cached in full).
	embedded map[string]*ast.Module
	texts    map[string][]byte
	fullMu   sync.Mutex
	full     map[string]*ast.Module
	user     map[string][]userRule // the user's rules by kind, sorted by ID
	caps     *ast.Capabilities
	capsOnce sync.Once
	timeout  time.Duration
	memory   int64 // heap growth allowed to one user rule on one document
	// values keeps compiled regular expressions across evaluations: the
	// IAM library matches the same resource patterns in every document,
	// more of them than OPA's own 100-entry cache holds.
	values cache.InterQueryValueCache
	// stopped holds, by rule id, why a user rule is no longer evaluated:
	// it used more than its memory on a document, or a built-in it called
	// did not return after the timeout (and still runs).
	stopped sync.Map
}

// userRule is one of the user's rules and its query.
type userRule struct {
	rule  *report.Rule
	query oparego.PreparedEvalQuery
}

var (
	idRe     = regexp.MustCompile(idPattern)
	userIDRe = regexp.MustCompile(userIDPattern)
)

// Source is a set of policy files to load.
type Source struct {
	FS   fs.FS
	Root string // directory inside FS; "." for all
	// Name prefixes the file names of the source's modules in messages
	// (the --policy directory as given); "" for the embedded rules.
	Name string
	// User marks the user's policies (--policy, config policies:): their
	// rule pages are their related_resources, not ecslint's docs.
	User bool
}

// Load parses every .rego file (except _test.rego) under the sources,
// validates rule metadata and prepares the queries.
func Load(ctx context.Context, sources ...Source) (*Engine, error) {
	modules, user, lazy, err := parseSourcesLazily(sources)
	if err != nil {
		return nil, err
	}
	return newEngine(ctx, modules, user, lazy)
}

// Capabilities is the set of built-in functions policies may call: OPA's,
// without those that reach the network or the environment (http.send,
// net.*, opa.runtime). Embedded and user policies alike are compiled with
// it; a call to anything else is a compile error at its file:line:col.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if forbiddenBuiltin(b.Name) {
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

func forbiddenBuiltin(name string) bool {
	return name == "http.send" || name == "opa.runtime" || strings.HasPrefix(name, "net.")
}

// compileError renders compile errors as file:line:col lines, and says why
// a forbidden built-in is missing.
func compileError(errs ast.Errors) error {
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		msg := e.Message
		if name, ok := strings.CutPrefix(msg, "undefined function "); ok && forbiddenBuiltin(name) {
			msg += " (ecslint policies may not reach the network or the environment)"
		}
		if e.Location != nil {
			lines = append(lines, fmt.Sprintf("%s:%d:%d: %s", e.Location.File, e.Location.Row, e.Location.Col, msg))
		} else {
			lines = append(lines, msg)
		}
	}
	return fmt.Errorf("compile policies:\n%s", strings.Join(lines, "\n"))
}

// SetTimeout bounds the evaluation of one document (DefaultTimeout unless
// set); a policy that runs longer is stopped and reported as an error.
func (e *Engine) SetTimeout(d time.Duration) {
	if d > 0 {
		e.timeout = d
	}
}

func parseModules(sources []Source, withTests bool) (map[string]*ast.Module, error) {
	modules, _, err := parseSources(sources, withTests)
	return modules, err
}

// parseSources parses every module of the sources in full.
func parseSources(sources []Source, withTests bool) (map[string]*ast.Module, map[string]bool, error) {
	modules, user, _, err := readSources(sources, withTests, false)
	return modules, user, err
}

// parseSourcesLazily parses the user's modules in full and, of the
// others (the embedded rules), only the header: the METADATA block, the
// package clause and the imports, all that loading needs (rule metadata,
// package names); their text is returned by name to be parsed in full
// when they are compiled (see fullModule). ecslint rules never parses a
// rule body, and a run over Dockerfiles never parses the task-definition
// rules.
func parseSourcesLazily(sources []Source) (map[string]*ast.Module, map[string]bool, map[string][]byte, error) {
	return readSources(sources, false, true)
}

// readSources reads and parses the sources' modules and names those of
// user sources; with headers, the modules of other sources are parsed up
// to their imports only, and their texts returned. Files are read in walk
// order and parsed in parallel; the first error in walk order is returned.
func readSources(sources []Source, withTests, headers bool) (map[string]*ast.Module, map[string]bool, map[string][]byte, error) {
	type file struct {
		name string
		text []byte
		user bool
		lazy bool
		mod  *ast.Module
		err  error
	}
	var files []*file
	for _, src := range sources {
		err := fs.WalkDir(src.FS, src.Root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return nil
			}
			if !withTests && strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			name := p
			if src.Name != "" {
				name = path.Join(src.Name, p)
			}
			name = quoteName(name)
			// A policy folder is the user's: a file in it may be a link
			// to /dev/zero or a named pipe.
			b, err := safeio.ReadFS(src.FS, p, MaxPolicySize)
			if err != nil {
				return fmt.Errorf("%s: %w", name, unwrapPathError(err))
			}
			files = append(files, &file{name: name, text: b, user: src.User, lazy: headers && !src.User})
			return nil
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("load policies: %w", err)
		}
	}
	var wg sync.WaitGroup
	next := make(chan *file)
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for f := range next {
				if f.lazy {
					if h, ok := moduleHeader(f.text); ok {
						if f.mod, f.err = parseModule(f.name, h); f.err == nil {
							continue
						}
					}
					f.lazy = false // parsed in full, now: its error is the one to report
				}
				f.mod, f.err = parseModule(f.name, f.text)
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	modules := make(map[string]*ast.Module, len(files))
	userModules := make(map[string]bool)
	texts := make(map[string][]byte)
	for _, f := range files {
		if f.err != nil {
			return nil, nil, nil, fmt.Errorf("load policies: %w", f.err)
		}
		if _, dup := modules[f.name]; dup {
			return nil, nil, nil, fmt.Errorf("load policies: %s: policy file loaded twice", f.name)
		}
		modules[f.name] = f.mod
		if f.user {
			userModules[f.name] = true
		}
		if f.lazy {
			texts[f.name] = f.text
		}
	}
	return modules, userModules, texts, nil
}

func parseModule(name string, text []byte) (*ast.Module, error) {
	return ast.ParseModuleWithOpts(name, string(text), ast.ParserOptions{
		ProcessAnnotation: true,
		RegoVersion:       ast.RegoV1,
	})
}

// moduleHeader returns the beginning of a module's text up to the end of
// its package clause and the imports right after it: comments (the
// package's METADATA block), the package clause, imports, blank lines and
// comments between them. ok is false when no package clause starts a
// line; the caller then parses the whole text.
func moduleHeader(text []byte) (header []byte, ok bool) {
	end, seen := 0, false
	for off := 0; off < len(text); {
		n := bytes.IndexByte(text[off:], '\n') + 1
		if n == 0 {
			n = len(text) - off
		}
		line := bytes.TrimSpace(text[off : off+n])
		off += n
		switch {
		case len(line) == 0 || line[0] == '#':
		case !seen && bytes.HasPrefix(line, []byte("package ")):
			seen, end = true, off
		case seen && bytes.HasPrefix(line, []byte("import ")):
			end = off
		default:
			return text[:end], seen
		}
	}
	return text[:end], seen
}

// unwrapPathError drops the *fs.PathError around err: its path is the one
// inside the policy folder, and the caller names the file.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// quoteName returns a file name as messages show it: as is, or quoted like
// Go's %q when it holds a character that could end a line or control a
// terminal (a policy file named "x\n::error::y.rego").
func quoteName(name string) string {
	if !utf8.ValidString(name) || strings.IndexFunc(name, unsafeRune) >= 0 {
		return strconv.Quote(name)
	}
	return name
}

// unsafeRune reports whether r is a control character (C0, DEL, C1), a
// line or paragraph separator, or an invisible format character such as a
// bidi override.
func unsafeRune(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r)
}

// valueCacheEntries bounds the compiled regular expressions kept.
const valueCacheEntries = 20000

func newValueCache(ctx context.Context) cache.InterQueryValueCache {
	n := valueCacheEntries
	return cache.NewInterQueryValueCache(ctx, &cache.Config{
		InterQueryBuiltinValueCache: cache.InterQueryBuiltinValueCacheConfig{MaxNumEntries: &n},
	})
}

func newEngine(ctx context.Context, modules map[string]*ast.Module, user map[string]bool, lazy map[string][]byte) (*Engine, error) {
	e := &Engine{
		texts:    lazy,
		full:     make(map[string]*ast.Module),
		byPkg:    make(map[string]*report.Rule),
		queries:  make(map[string]*kindQuery),
		embedded: make(map[string]*ast.Module),
		user:     make(map[string][]userRule),
		timeout:  DefaultTimeout,
		memory:   MemoryBudget,
		values:   newValueCache(ctx),
	}
	names := make([]string, 0, len(modules))
	for name := range modules {
		names = append(names, name)
	}
	// Embedded rules first, so that a collision names the user's file.
	sort.Slice(names, func(i, j int) bool {
		if user[names[i]] != user[names[j]] {
			return !user[names[i]]
		}
		return names[i] < names[j]
	})
	byID := make(map[string]*report.Rule)
	kinds := make(map[string]bool)
	for _, k := range Kinds() {
		kinds[k] = true
	}
	var builtin []builtinPackage // what the user's modules may not redefine
	if len(user) > 0 {
		builtin = builtinPackages(modules, user)
	}
	userPkgs := make(map[*report.Rule]ast.Ref)
	var problems []string
	for _, name := range names {
		mod := modules[name]
		if user[name] {
			if p := checkNamespace(name, mod, builtin, true); len(p) > 0 {
				problems = append(problems, p...)
				continue
			}
		}
		if root := ruleRoot(); !mod.Package.Path.HasPrefix(root) || mod.Package.Path.Equal(root) {
			continue // a library package
		}
		re := idRe
		if user[name] {
			re = userIDRe
		}
		r, err := ruleFromModule(name, mod, re)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if user[name] {
			r.User = true
			r.HelpURI = r.Related[0].URL
		}
		if !kinds[r.Kind] {
			problems = append(problems, fmt.Sprintf("%s:%d:1: package %s: unknown document kind %q (want one of %s)",
				name, r.PkgLine, r.Package, r.Kind, strings.Join(Kinds(), ", ")))
			continue
		}
		if prev, ok := byID[r.ID]; ok {
			problems = append(problems, fmt.Sprintf("%s:%d:%d: rule id %s already used by %s", name, r.IDLine, r.IDColumn, r.ID, prev.File))
			continue
		}
		if prev, ok := e.byPkg[r.Kind+"/"+r.Name]; ok {
			problems = append(problems, fmt.Sprintf("%s:%d:1: package %s already defined in %s", name, r.PkgLine, r.Package, prev.File))
			continue
		}
		byID[r.ID] = r
		e.byPkg[r.Kind+"/"+r.Name] = r
		if r.User {
			userPkgs[r] = mod.Package.Path
		}
		e.rules = append(e.rules, r)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("load policies: %s", strings.Join(problems, "\n"))
	}
	sort.Slice(e.rules, func(i, j int) bool { return e.rules[i].ID < e.rules[j].ID })

	// The user's policies compile now, with everything (they may import
	// the libraries), so that their mistakes are reported at start-up.
	// The embedded rules compile without them, per kind, when the first
	// document of that kind is evaluated (see query): a run over
	// Dockerfiles alone never compiles the task-definition rules, and
	// `ecslint rules` compiles nothing.
	for name, mod := range modules {
		if !user[name] {
			e.embedded[name] = mod
		}
	}
	for _, k := range Kinds() {
		e.queries[k] = &kindQuery{}
	}
	var all *ast.Compiler
	if len(e.embedded) < len(modules) {
		everything := make(map[string]*ast.Module, len(modules))
		for name, mod := range modules {
			if !user[name] {
				full, err := e.fullModule(name)
				if err != nil {
					return nil, err
				}
				mod = full
			}
			everything[name] = mod
		}
		var err error
		if all, err = e.compile(everything); err != nil {
			return nil, err
		}
	}
	for _, r := range e.rules {
		if !r.User {
			continue
		}
		ref := userPkgs[r].Copy().Append(ast.StringTerm("deny")).Append(ast.VarTerm("finding"))
		q, err := oparego.New(
			oparego.Compiler(all),
			oparego.ParsedQuery(ast.NewBody(ast.NewExpr(ast.NewTerm(ref)))),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare the query of %s: %w", r.ID, err)
		}
		e.user[r.Kind] = append(e.user[r.Kind], userRule{rule: r, query: q})
	}
	return e, nil
}

// kindQuery is the prepared query of the embedded rules of one kind,
// compiled on first use.
type kindQuery struct {
	once  sync.Once
	done  atomic.Bool
	query oparego.PreparedEvalQuery
	err   error
}

// query returns the prepared query of the embedded rules of kind: the
// libraries and the rules of that kind, compiled and prepared once, by the
// first caller.
func (e *Engine) query(ctx context.Context, kind string) (oparego.PreparedEvalQuery, error) {
	kq, ok := e.queries[kind]
	if !ok {
		return oparego.PreparedEvalQuery{}, fmt.Errorf("no rules for document kind %q", kind)
	}
	kq.once.Do(func() {
		defer kq.done.Store(true)
		mods, err := selectModules(e.embedded, kind, e.fullModule)
		if err != nil {
			kq.err = err
			return
		}
		c, err := e.compile(mods)
		if err != nil {
			kq.err = err
			return
		}
		// Preparing must not be canceled with the caller's context: the
		// query is kept for every later document.
		kq.query, kq.err = oparego.New(
			oparego.Compiler(c),
			oparego.Query(fmt.Sprintf("data.ecslint.rules.%s[rule].deny[finding]", kind)),
		).PrepareForEval(context.WithoutCancel(ctx))
		if kq.err != nil {
			kq.err = fmt.Errorf("prepare %s query: %w", kind, kq.err)
		}
	})
	return kq.query, kq.err
}

// fullModule returns the embedded module name parsed in full, parsing it
// the first time it is asked for.
func (e *Engine) fullModule(name string) (*ast.Module, error) {
	text, lazy := e.texts[name]
	if !lazy {
		return e.embedded[name], nil
	}
	e.fullMu.Lock()
	defer e.fullMu.Unlock()
	if m, ok := e.full[name]; ok {
		return m, nil
	}
	// The metadata was read with the header; the compiler needs the
	// annotations again only for the rego.metadata built-ins.
	m, err := ast.ParseModuleWithOpts(name, string(text), ast.ParserOptions{
		ProcessAnnotation: bytes.Contains(text, []byte("rego.metadata")),
		RegoVersion:       ast.RegoV1,
	})
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	e.full[name] = m
	return m, nil
}

// modulesFor is selectModules for modules parsed in full.
func modulesFor(modules map[string]*ast.Module, kind string) map[string]*ast.Module {
	out, _ := selectModules(modules, kind, func(name string) (*ast.Module, error) { return modules[name], nil })
	return out
}

// selectModules returns the modules the rules of kind need, in full
// (full parses one by name; headers holds each module's package and
// imports): theirs, and the libraries (packages outside
// data.ecslint.rules) they refer to, directly or through other libraries.
// A library counts as referred to when a module imports it or names
// anything below its package.
func selectModules(headers map[string]*ast.Module, kind string, full func(name string) (*ast.Module, error)) (map[string]*ast.Module, error) {
	out := make(map[string]*ast.Module, len(headers))
	var libs []string
	for name, mod := range headers {
		switch moduleKind(mod) {
		case kind:
			m, err := full(name)
			if err != nil {
				return nil, err
			}
			out[name] = m
		case "":
			libs = append(libs, name)
		}
	}
	sort.Strings(libs)
	for grew := true; grew; {
		grew = false
		for _, name := range libs {
			if _, in := out[name]; in {
				continue
			}
			pkg := headers[name].Package.Path
			for _, m := range out {
				if refersTo(m, pkg) {
					lib, err := full(name)
					if err != nil {
						return nil, err
					}
					out[name] = lib
					grew = true
					break
				}
			}
		}
	}
	return out, nil
}

// refersTo reports whether mod imports pkg or names something at or below
// it.
func refersTo(mod *ast.Module, pkg ast.Ref) bool {
	for _, imp := range mod.Imports {
		if ref, ok := imp.Path.Value.(ast.Ref); ok && (ref.HasPrefix(pkg) || pkg.HasPrefix(ref)) {
			return true
		}
	}
	found := false
	ast.WalkRefs(mod, func(r ast.Ref) bool {
		if !found && (r.HasPrefix(pkg) || pkg.HasPrefix(r) && len(r) > 1) {
			found = true
		}
		return found
	})
	return found
}

// CompiledKinds lists, in Kinds order, the document kinds whose embedded
// rules have been compiled so far: those of the documents evaluated.
func (e *Engine) CompiledKinds() []string {
	var out []string
	for _, k := range Kinds() {
		if kq := e.queries[k]; kq != nil && kq.done.Load() {
			out = append(out, k)
		}
	}
	return out
}

// moduleKind returns the document kind whose rules mod belongs to
// (package data.ecslint.rules.<kind>...), or "" for a library.
func moduleKind(mod *ast.Module) string {
	root := ruleRoot()
	p := mod.Package.Path
	if !p.HasPrefix(root) || len(p) <= len(root) {
		return ""
	}
	k, ok := p[len(root)].Value.(ast.String)
	if !ok {
		return ""
	}
	return string(k)
}

// compile compiles modules with ecslint's capabilities, computed once per
// engine (OPA builds and sorts its list of built-ins for each call).
func (e *Engine) compile(modules map[string]*ast.Module) (*ast.Compiler, error) {
	e.capsOnce.Do(func() { e.caps = Capabilities() })
	c := ast.NewCompiler().WithEnablePrintStatements(false).WithCapabilities(e.caps)
	c.Compile(modules)
	if c.Failed() {
		return nil, compileError(c.Errors)
	}
	return c, nil
}

// Rules returns every loaded rule, sorted by ID.
func (e *Engine) Rules() []*report.Rule { return e.rules }

// Rule returns the rule with id, case-insensitively.
func (e *Engine) Rule(id string) *report.Rule {
	for _, r := range e.rules {
		if strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}

// Input is one document plus the facts computed for it.
type Input struct {
	Doc   *parser.Document
	Facts map[string]any
}

func (e *Engine) timeoutError(file string) error {
	return fmt.Errorf("%s: evaluation stopped after %s (--timeout): a policy runs too long", file, e.timeout)
}

// EvaluateOne evaluates one input: its findings, notices (a built-in that
// failed in one of the user's rules) and the error that kept it from being
// evaluated in full. It evaluates the embedded rules, then each of the
// user's rules, within one --timeout (time spent waiting for other
// documents' evaluations does not count). A user rule that fails loses its
// findings only: the others' are kept beside the error. It is safe for
// concurrent use; callers bring their own parallelism.
func (e *Engine) EvaluateOne(ctx context.Context, in Input) ([]report.Finding, []report.Notice, error) {
	q, err := e.query(ctx, in.Doc.Kind)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", in.Doc.File, err)
	}
	value, err := in.value()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: build input: %w", in.Doc.File, err)
	}
	evalLock.RLock()
	start := time.Now()
	tctx, cancel := context.WithTimeout(ctx, e.timeout)
	rs, err := q.Eval(tctx, oparego.EvalParsedInput(value), oparego.EvalInterQueryBuiltinValueCache(e.values))
	cancel()
	spent := time.Since(start)
	evalLock.RUnlock()
	if err != nil && tctx.Err() != nil {
		return nil, nil, e.timeoutError(in.Doc.File)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: evaluate: %w", in.Doc.File, err)
	}
	out := make([]report.Finding, 0, len(rs))
	for _, res := range rs {
		name, _ := res.Bindings["rule"].(string)
		rule := e.byPkg[in.Doc.Kind+"/"+name]
		if rule == nil {
			continue // a helper package below the kind without metadata is rejected at load
		}
		f, err := e.finding(rule, in.Doc, res.Bindings["finding"])
		if err != nil {
			return nil, nil, err
		}
		out = append(out, f)
	}
	var notices []report.Notice
	var problems []string
	for _, u := range e.user[in.Doc.Kind] {
		left := e.timeout - spent
		if left <= 0 {
			problems = append(problems, e.timeoutError(in.Doc.File).Error())
			break
		}
		found, ns, took, err := e.evalUser(ctx, u.rule, u.query, in.Doc, value, left)
		spent += took
		out = append(out, found...)
		notices = append(notices, ns...)
		if err != nil {
			problems = append(problems, err.Error())
			if spent >= e.timeout { // the document's time is up, and said so
				break
			}
		}
	}
	if len(problems) > 0 {
		return out, notices, errors.New(strings.Join(problems, "; "))
	}
	return out, notices, nil
}

// errTimeout is the cancellation cause of an evaluation past --timeout.
var errTimeout = errors.New("timeout")

type evalResult struct {
	rs       oparego.ResultSet
	err      error
	builtins []topdown.Error
}

// evalUser evaluates one of the user's rules on one document, alone (see
// evalLock), for at most left, under the memory watchdog, and returns its
// findings, a notice per distinct failed built-in call, and how long it
// took.
func (e *Engine) evalUser(ctx context.Context, r *report.Rule, q oparego.PreparedEvalQuery, doc *parser.Document, value ast.Value, left time.Duration) ([]report.Finding, []report.Notice, time.Duration, error) {
	evalLock.Lock()
	defer evalLock.Unlock()
	if why, ok := e.stopped.Load(r.ID); ok {
		return nil, nil, 0, errors.New(why.(string))
	}
	start := time.Now()
	mctx, stopMemory := context.WithCancelCause(ctx)
	defer stopMemory(nil)
	tctx, cancel := context.WithTimeoutCause(mctx, left, errTimeout)
	defer cancel()
	unwatch := watchMemory(e.memory, stopMemory)
	done := make(chan evalResult, 1)
	go func() {
		var res evalResult
		res.rs, res.err = q.Eval(tctx, oparego.EvalParsedInput(value),
			oparego.EvalInterQueryBuiltinValueCache(e.values), oparego.EvalBuiltinErrorList(&res.builtins))
		done <- res
	}()
	var res evalResult
	abandoned := false
	select {
	case res = <-done:
	case <-tctx.Done():
		select {
		case res = <-done:
		case <-time.After(abandonAfter):
			// A built-in that does not stop: leave it running, and do not
			// start it again.
			res.err, abandoned = context.Cause(tctx), true
		}
	}
	unwatch()
	took := time.Since(start)
	if res.err != nil {
		at := fmt.Sprintf("%s:%d:1: rule %s", r.File, r.PkgLine, r.ID)
		switch cause := context.Cause(tctx); {
		case errors.Is(cause, errMemory):
			used := fmt.Sprintf("it used more than %s of memory", safeio.FormatSize(e.memory))
			e.stopped.Store(r.ID, fmt.Sprintf("%s was not evaluated: %s on %s", at, used, doc.File))
			return nil, nil, took, fmt.Errorf("%s was stopped: %s", at, used)
		case tctx.Err() != nil:
			if abandoned {
				e.stopped.Store(r.ID, fmt.Sprintf("%s was not evaluated: it did not stop after --timeout on %s", at, doc.File))
			}
			return nil, nil, took, e.timeoutError(doc.File)
		}
		return nil, nil, took, ruleError(r, res.err)
	}
	out := make([]report.Finding, 0, len(res.rs))
	for _, x := range res.rs {
		f, err := e.finding(r, doc, x.Bindings["finding"])
		if err != nil {
			return nil, nil, took, err
		}
		out = append(out, f)
	}
	var notices []report.Notice
	seen := map[string]bool{}
	for _, b := range res.builtins {
		n := report.Notice{File: r.File, Line: r.PkgLine, Column: 1,
			Message: fmt.Sprintf("rule %s on %s: %s; the call was treated as undefined", r.ID, doc.File, b.Message)}
		if b.Location != nil {
			n.File, n.Line, n.Column = b.Location.File, b.Location.Row, b.Location.Col
		}
		key := fmt.Sprintf("%s:%d:%d:%s", n.File, n.Line, n.Column, n.Message)
		if !seen[key] {
			seen[key] = true
			notices = append(notices, n)
		}
	}
	return out, notices, took, nil
}

// ruleError names the rule, and the place in its policy, of an evaluation
// error.
func ruleError(r *report.Rule, err error) error {
	var te *topdown.Error
	if errors.As(err, &te) && te.Location != nil {
		return fmt.Errorf("%s:%d:%d: rule %s: %s", te.Location.File, te.Location.Row, te.Location.Col, r.ID, te.Message)
	}
	return fmt.Errorf("%s:%d:1: rule %s: %w", r.File, r.PkgLine, r.ID, err)
}

func (e *Engine) finding(rule *report.Rule, doc *parser.Document, raw any) (report.Finding, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return report.Finding{}, fmt.Errorf("%s: rule %s returned %T, want an object", rule.File, rule.ID, raw)
	}
	msg, _ := obj["message"].(string)
	if msg == "" {
		return report.Finding{}, fmt.Errorf("%s: rule %s returned a finding without message", rule.File, rule.ID)
	}
	rawPath, ok := obj["path"].([]any)
	if !ok {
		return report.Finding{}, fmt.Errorf("%s: rule %s returned a finding without path", rule.File, rule.ID)
	}
	p := make([]any, len(rawPath))
	for i, el := range rawPath {
		switch v := el.(type) {
		case json.Number:
			n, err := v.Int64()
			if err != nil {
				return report.Finding{}, fmt.Errorf("%s: rule %s: path element %v is not an index", rule.File, rule.ID, v)
			}
			p[i] = int(n)
		case string:
			p[i] = v
		default:
			return report.Finding{}, fmt.Errorf("%s: rule %s: path element %v is neither string nor index", rule.File, rule.ID, el)
		}
	}
	rng, _ := doc.Pos(p)
	f := report.Finding{
		Rule:     rule,
		Severity: rule.Severity,
		Message:  msg,
		File:     doc.File,
		Range:    rng,
		Path:     p,
	}
	if fix, ok := obj["fix"].(string); ok && fix != "" {
		if exact, ok := doc.Index.Get(p); ok {
			f.Fix = &report.Fix{Text: fix, Range: exact}
		}
	}
	return f, nil
}
