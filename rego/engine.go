package rego

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	oparego "github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/cache"

	"github.com/ecslint/ecslint/parser"
)

// Kinds lists the document kinds rules may target, in a fixed order.
func Kinds() []string { return []string{parser.KindDockerfile, parser.KindTaskDef} }

// DefaultTimeout bounds the evaluation of one document.
const DefaultTimeout = 10 * time.Second

// Engine holds compiled policies and one prepared query per document kind.
// It is safe for concurrent use.
type Engine struct {
	rules   []*Rule                              // sorted by ID
	byPkg   map[string]*Rule                     // kind + "/" + name -> rule
	queries map[string]oparego.PreparedEvalQuery // by kind
	modules map[string]*ast.Module
	timeout time.Duration
	// values keeps compiled regular expressions across evaluations: the
	// IAM library matches the same resource patterns in every document,
	// more of them than OPA's own 100-entry cache holds.
	values cache.InterQueryValueCache
}

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
	modules, user, err := parseSources(sources, false)
	if err != nil {
		return nil, err
	}
	return newEngine(ctx, modules, user)
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

// parseSources parses the sources' modules and names those of user sources.
func parseSources(sources []Source, withTests bool) (map[string]*ast.Module, map[string]bool, error) {
	modules := make(map[string]*ast.Module)
	userModules := make(map[string]bool)
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
			b, err := fs.ReadFile(src.FS, p)
			if err != nil {
				return err
			}
			name := p
			if src.Name != "" {
				name = path.Join(src.Name, p)
			}
			mod, err := ast.ParseModuleWithOpts(name, string(b), ast.ParserOptions{
				ProcessAnnotation: true,
				RegoVersion:       ast.RegoV1,
			})
			if err != nil {
				return err
			}
			if _, dup := modules[name]; dup {
				return fmt.Errorf("%s: policy file loaded twice", name)
			}
			modules[name] = mod
			if src.User {
				userModules[name] = true
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("load policies: %w", err)
		}
	}
	return modules, userModules, nil
}

// valueCacheEntries bounds the compiled regular expressions kept.
const valueCacheEntries = 20000

func newValueCache(ctx context.Context) cache.InterQueryValueCache {
	n := valueCacheEntries
	return cache.NewInterQueryValueCache(ctx, &cache.Config{
		InterQueryBuiltinValueCache: cache.InterQueryBuiltinValueCacheConfig{MaxNumEntries: &n},
	})
}

func newEngine(ctx context.Context, modules map[string]*ast.Module, user map[string]bool) (*Engine, error) {
	e := &Engine{
		byPkg:   make(map[string]*Rule),
		queries: make(map[string]oparego.PreparedEvalQuery),
		modules: modules,
		timeout: DefaultTimeout,
		values:  newValueCache(ctx),
	}
	idRe := regexp.MustCompile(idPattern)
	userIDRe := regexp.MustCompile(userIDPattern)
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
	byID := make(map[string]*Rule)
	kinds := make(map[string]bool)
	for _, k := range Kinds() {
		kinds[k] = true
	}
	var problems []string
	for _, name := range names {
		mod := modules[name]
		if user[name] && strings.HasPrefix(mod.Package.Path.String(), "data.ecslint.lib.") {
			problems = append(problems, fmt.Sprintf("%s:%d:1: package %s: ecslint.lib is reserved for ecslint's own libraries; import them, do not extend them",
				name, mod.Package.Location.Row, strings.TrimPrefix(mod.Package.Path.String(), "data.")))
			continue
		}
		if !strings.HasPrefix(mod.Package.Path.String(), "data.ecslint.rules.") {
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
		e.rules = append(e.rules, r)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("load policies: %s", strings.Join(problems, "\n"))
	}
	sort.Slice(e.rules, func(i, j int) bool { return e.rules[i].ID < e.rules[j].ID })

	compiler := ast.NewCompiler().WithEnablePrintStatements(false).WithCapabilities(Capabilities())
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, compileError(compiler.Errors)
	}
	for _, kind := range Kinds() {
		q, err := oparego.New(
			oparego.Compiler(compiler),
			oparego.Query(fmt.Sprintf("data.ecslint.rules.%s[rule].deny[finding]", kind)),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare %s query: %w", kind, err)
		}
		e.queries[kind] = q
	}
	return e, nil
}

// Rules returns every loaded rule, sorted by ID.
func (e *Engine) Rules() []*Rule { return e.rules }

// Rule returns the rule with id, case-insensitively.
func (e *Engine) Rule(id string) *Rule {
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

// Value returns the Rego input document of in (DESIGN.md §3).
func (in Input) Value() map[string]any {
	v := make(map[string]any, len(in.Doc.Body)+5)
	for k, b := range in.Doc.Body {
		v[k] = b
	}
	v["kind"] = in.Doc.Kind
	v["file"] = in.Doc.File
	v["source"] = in.Doc.Source
	v["resource"] = in.Doc.Resource
	facts := in.Facts
	if facts == nil {
		facts = map[string]any{}
	}
	v["facts"] = facts
	return v
}

// Fix is a replacement for the source range of a finding.
type Fix struct {
	Text  string
	Range parser.Range
}

// Finding is one problem found by a rule, positioned in its file.
type Finding struct {
	Rule     *Rule
	Severity string // effective severity, after configuration
	Message  string
	File     string
	Range    parser.Range
	Path     []any
	Fix      *Fix
	Doc      *parser.Document
}

// Eval evaluates every input and returns the findings in input order, and
// for each input that could not be evaluated its error (nil otherwise).
// Inputs are evaluated by up to GOMAXPROCS goroutines.
func (e *Engine) Eval(ctx context.Context, inputs []Input) ([]Finding, []error) {
	results := make([][]Finding, len(inputs))
	errs := make([]error, len(inputs))
	workers := min(runtime.GOMAXPROCS(0), len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = e.evalOne(ctx, inputs[i])
			}
		})
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []Finding
	for _, r := range results {
		out = append(out, r...)
	}
	return out, errs
}

func (e *Engine) evalOne(ctx context.Context, in Input) ([]Finding, error) {
	q, ok := e.queries[in.Doc.Kind]
	if !ok {
		return nil, fmt.Errorf("%s: no rules for document kind %q", in.Doc.File, in.Doc.Kind)
	}
	value, err := ast.InterfaceToValue(in.Value())
	if err != nil {
		return nil, fmt.Errorf("%s: build input: %w", in.Doc.File, err)
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	rs, err := q.Eval(ctx, oparego.EvalParsedInput(value), oparego.EvalInterQueryBuiltinValueCache(e.values))
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("%s: evaluation stopped after %s (--timeout): a policy runs too long", in.Doc.File, e.timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: evaluate: %w", in.Doc.File, err)
	}
	out := make([]Finding, 0, len(rs))
	for _, res := range rs {
		name, _ := res.Bindings["rule"].(string)
		rule := e.byPkg[in.Doc.Kind+"/"+name]
		if rule == nil {
			continue // a helper package below the kind without metadata is rejected at load
		}
		f, err := e.finding(rule, in.Doc, res.Bindings["finding"])
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func (e *Engine) finding(rule *Rule, doc *parser.Document, raw any) (Finding, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return Finding{}, fmt.Errorf("%s: rule %s returned %T, want an object", rule.File, rule.ID, raw)
	}
	msg, _ := obj["message"].(string)
	if msg == "" {
		return Finding{}, fmt.Errorf("%s: rule %s returned a finding without message", rule.File, rule.ID)
	}
	rawPath, ok := obj["path"].([]any)
	if !ok {
		return Finding{}, fmt.Errorf("%s: rule %s returned a finding without path", rule.File, rule.ID)
	}
	p := make([]any, len(rawPath))
	for i, el := range rawPath {
		switch v := el.(type) {
		case json.Number:
			n, err := v.Int64()
			if err != nil {
				return Finding{}, fmt.Errorf("%s: rule %s: path element %v is not an index", rule.File, rule.ID, v)
			}
			p[i] = int(n)
		case string:
			p[i] = v
		default:
			return Finding{}, fmt.Errorf("%s: rule %s: path element %v is neither string nor index", rule.File, rule.ID, el)
		}
	}
	rng, _ := doc.Pos(p)
	f := Finding{
		Rule:     rule,
		Severity: rule.Severity,
		Message:  msg,
		File:     doc.File,
		Range:    rng,
		Path:     p,
		Doc:      doc,
	}
	if fix, ok := obj["fix"].(string); ok && fix != "" {
		if exact, ok := doc.Index.Get(p); ok {
			f.Fix = &Fix{Text: fix, Range: exact}
		}
	}
	return f, nil
}
