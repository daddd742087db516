package dockerfile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// argState says how much is known about an ARG's value, or about the
// expansion of a word, under the default build configuration (no
// --build-arg).
type argState uint8

const (
	// argKnown: the value is exactly known.
	argKnown argState = iota
	// argSet: the value is set but not known statically (a built-in
	// platform ARG such as TARGETARCH, or a value built from one). The text
	// stands for it with template placeholders (${TARGETARCH}), which the
	// image facts read as an unknown part of a reference.
	argSet
	// argUnknown: the value depends on something unset or not modeled;
	// the text is only what buildkit's lexer made of it.
	argUnknown
)

// argValue is the value of an ARG under the default build configuration.
type argValue struct {
	value string
	state argState
	// maybeEmpty (argSet only): the value may be the empty string, as
	// TARGETVARIANT is on amd64.
	maybeEmpty bool
	// builtin (argSet only): a platform ARG buildkit sets itself; a
	// reference to it stands for itself, as written.
	builtin bool
	// glob (argSet only): the known parts of the value, around its unknown
	// ones; see expansion.
	glob []string
}

// builtinArgs are the ARGs buildkit's Dockerfile frontend sets on every
// build (dockerfile2llb's defaultArgs), with whether their value may be
// empty. They are in scope before the first FROM without a declaration;
// a stage sees one only after declaring it with ARG.
type builtinArg struct {
	name       string
	maybeEmpty bool
}

func builtinArgs() []builtinArg {
	return []builtinArg{
		{"BUILDPLATFORM", false},
		{"BUILDOS", false},
		{"BUILDOSVERSION", true},
		{"BUILDARCH", false},
		{"BUILDVARIANT", true},
		{"TARGETPLATFORM", false},
		{"TARGETOS", false},
		{"TARGETOSVERSION", true},
		{"TARGETARCH", false},
		{"TARGETVARIANT", true},
		{"TARGETSTAGE", false}, // --target, else the last stage's name, else "default"
	}
}

// marker brackets the name of an argSet ARG in the text handed to
// buildkit's lexer, so that expand can find where each such value landed in
// the result. Private-use code points: no name contains them, and words
// that do are not expanded (see expand).
const (
	markerOpen  = '\uE001'
	markerClose = '\uE002'
)

func marker(name string) string {
	return string(markerOpen) + name + string(markerClose)
}

// argEnv is the set of ARGs in scope, handed to buildkit's shell lexer. An
// ARG declared without a value (and not set before) is absent: buildkit
// leaves it unset.
type argEnv struct {
	vals map[string]argValue
	keys []string
	// parent is the global scope, which a stage sees through (its built-in
	// platform ARGs excepted); nil for the global scope. The global scope
	// no longer changes once a stage exists, so a stage need not copy it.
	parent *argEnv
}

func newArgEnv() *argEnv { return &argEnv{vals: make(map[string]argValue)} }

// newGlobalEnv returns the scope before the first FROM: the built-in
// platform ARGs, set to values not known statically.
func newGlobalEnv() *argEnv {
	e := newArgEnv()
	for _, a := range builtinArgs() {
		e.set(a.name, argValue{state: argSet, maybeEmpty: a.maybeEmpty, builtin: true, glob: []string{"", ""}})
	}
	return e
}

// lookup returns the value of key in scope.
func (e *argEnv) lookup(key string) (argValue, bool) {
	if v, ok := e.vals[key]; ok {
		return v, true
	}
	if e.parent != nil {
		if v, ok := e.parent.vals[key]; ok && !v.builtin {
			return v, true
		}
	}
	return argValue{}, false
}

// Get implements shell.EnvGetter. The lexer sees an argSet value as its
// marker.
func (e *argEnv) Get(key string) (string, bool) {
	v, ok := e.lookup(key)
	if ok && v.state == argSet {
		return marker(key), true
	}
	return v.value, ok
}

// Keys implements shell.EnvGetter. buildkit's lexer does not call it.
func (e *argEnv) Keys() []string {
	if e.parent == nil {
		return e.keys
	}
	var keys []string
	for _, k := range e.parent.keys {
		if _, own := e.vals[k]; !own && !e.parent.vals[k].builtin {
			keys = append(keys, k)
		}
	}
	return append(keys, e.keys...)
}

func (e *argEnv) set(key string, v argValue) {
	if _, ok := e.vals[key]; !ok {
		e.keys = append(e.keys, key)
	}
	e.vals[key] = v
}

// stageScope returns the scope a stage starts with: ecslint's lenient
// model keeps the global ARGs in view (see the package doc), but not the
// built-in platform ARGs, which a stage must declare.
func (e *argEnv) stageScope() *argEnv {
	return &argEnv{vals: make(map[string]argValue), parent: e}
}

// valueLen returns the length of the text the lexer substitutes for key.
func (e *argEnv) valueLen(key string) (int, bool) {
	v, ok := e.lookup(key)
	if ok && v.state == argSet {
		return len(key) + len(markers), false
	}
	return len(v.value), strings.IndexByte(v.value, '$') >= 0
}

// Limits on ARG substitution. A few ARGs that each repeat the previous one
// ten times are a value of gigabytes (an "expansion bomb"), and matching a
// long pattern against a long value (${A#*$A}) takes time that grows with
// the product of their lengths: before the lexer runs, refScanner bounds
// both for the word, and a word over a limit is not expanded (its
// expansion says which limit).
const (
	// maxExpansion is the longest value one word may expand to.
	maxExpansion = 64 << 10
	// maxMatch bounds the pattern matching of one word: the sum, over its
	// ${X#p}, ${X%p} and ${X/p/r}, of (len(X)+1)*(len(p)+1), roughly the
	// steps Go's regexp engine takes (some 20 ns each).
	maxMatch = 1 << 22
	// maxSubstitution is how many bytes all the expansions of one
	// Dockerfile may produce together (words without a variable reference
	// are not counted: they cannot grow), and maxMatchTotal how many steps
	// their pattern matching may take.
	maxSubstitution = 16 << 20
	maxMatchTotal   = 1 << 26
)

// limit says why a word was not expanded.
type limit uint8

const (
	withinLimits limit = iota
	// tooLong: the word could expand to more than maxExpansion bytes.
	tooLong
	// tooSlow: matching its patterns could take more than maxMatch steps.
	tooSlow
	// overBudget: the document's expansions would pass maxSubstitution
	// bytes or maxMatchTotal steps.
	overBudget
)

// expander substitutes ARGs with buildkit's shell lexer, within the limits
// above.
type expander struct {
	lex     *shell.Lex
	esc     rune
	spent   int // bytes the expansions so far may have produced
	matched int // steps their pattern matching may have taken
}

func newExpander(esc rune) *expander {
	return &expander{lex: shell.NewLex(esc), esc: esc}
}

// meteredEnv hands env to the lexer and stops it (by panicking with
// overdrawn{}) once the values it handed out pass left bytes: a check that
// refScanner's bound holds, which it should always do.
type meteredEnv struct {
	*argEnv
	left int
}

type overdrawn struct{}

func (m *meteredEnv) Get(key string) (string, bool) {
	v, ok := m.argEnv.Get(key)
	m.left -= len(v)
	if m.left < 0 {
		panic(overdrawn{})
	}
	return v, ok
}

// process runs the lexer on word with at most size bytes of values; ok is
// false when the lexer rejects word or its values pass size.
func (x *expander) process(word string, env *argEnv, size int) (res string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, over := r.(overdrawn); !over {
				panic(r)
			}
			// The lexer stopped halfway: start afresh.
			x.lex = shell.NewLex(x.esc)
			res, ok = "", false
		}
	}()
	out, err := x.lex.ProcessWordWithMatches(word, &meteredEnv{argEnv: env, left: size})
	return out.Result, err == nil
}

// markers are the two marker runes; see marker.
const markers = string(markerOpen) + string(markerClose)

// expansion is a word after ARG substitution.
type expansion struct {
	text  string
	state argState
	// maybeEmpty (argSet only): text stands for a value that may be empty.
	maybeEmpty bool
	// glob (argSet only): the literal parts of the value in order, each
	// unknown part lying between two of them ("base-${TARGETARCH}" is
	// {"base-", ""}), to match the value against stage names.
	glob []string
	// limit is why the word was not expanded (text is then the word as
	// written, state argUnknown); withinLimits when it was.
	limit limit
}

// matches reports whether the value of an argSet expansion may be name,
// ignoring case as buildkit does for stage names.
func (e expansion) matches(name string) bool {
	if e.state != argSet || len(e.glob) < 2 {
		return false
	}
	name = strings.ToLower(name)
	first, last := strings.ToLower(e.glob[0]), strings.ToLower(e.glob[len(e.glob)-1])
	if len(first)+len(last) > len(name) || !strings.HasPrefix(name, first) || !strings.HasSuffix(name, last) {
		return false
	}
	rest := name[len(first) : len(name)-len(last)]
	for _, g := range e.glob[1 : len(e.glob)-1] {
		i := strings.Index(rest, strings.ToLower(g))
		if i < 0 {
			return false
		}
		rest = rest[i+len(g):]
	}
	return true
}

// expand substitutes env into word as buildkit does for FROM and ARG
// values. The state is argUnknown when the lexer rejects word (the text is
// then word itself) or when the result depends on a variable that is unset
// under the default configuration or whose value is not known (see
// refScanner); argSet when it holds values that are set but not known, each
// shown as a template placeholder: a built-in platform ARG as its reference
// was written ($TARGETARCH, ${TARGETARCH}), an ARG built from one as its
// own text. forArg is set when the result becomes an ARG value, which a
// later word may splice anywhere: a `$NAME` reference is then kept as
// `${NAME}`, as it is whenever a name character follows it. A word over
// one of the limits above is not expanded: see expansion.limit.
func (x *expander) expand(word string, env *argEnv, forArg bool) expansion {
	// The lexer reads with text/scanner, which prints these to stderr;
	// sanitize has removed them from the text already.
	if !utf8.ValidString(word) || strings.IndexByte(word, 0) >= 0 || strings.ContainsAny(word, markers) {
		return expansion{text: word, state: argUnknown}
	}
	sc := refScanner{esc: x.esc, env: env, resolved: true}
	// Without a reference the lexer only removes quotes and escapes: the
	// result is no longer than the word.
	size := len(word)
	if strings.IndexByte(word, '$') >= 0 {
		sc.s = []rune(word)
		sc.word(-1, verbatim)
		size = satAdd(size, sc.extra)
		switch {
		case size > maxExpansion:
			return expansion{text: word, state: argUnknown, limit: tooLong}
		case sc.match > maxMatch:
			return expansion{text: word, state: argUnknown, limit: tooSlow}
		case size > maxSubstitution-x.spent || sc.match > maxMatchTotal-x.matched:
			x.spent = maxSubstitution
			return expansion{text: word, state: argUnknown, limit: overBudget}
		}
		x.spent += size
		x.matched += sc.match
	}
	res, ok := x.process(word, env, size)
	if !ok {
		return expansion{text: word, state: argUnknown}
	}
	e := expansion{text: res, state: argKnown}
	if strings.Contains(res, string(markerOpen)) || strings.Contains(res, string(markerClose)) {
		e = restore(res, env, sc.refs, forArg)
	}
	if !sc.resolved {
		e.state, e.maybeEmpty, e.glob = argUnknown, false, nil
	}
	return e
}

// satLimit is where size arithmetic saturates: far above any limit, far
// below overflow.
const satLimit = 1 << 40

func satAdd(a, b int) int { return min(a+b, satLimit) }

func satMul(a, b int) int {
	if a != 0 && b > satLimit/a {
		return satLimit
	}
	return min(a*b, satLimit)
}

// piece is a part of an expansion: literal text, or the text that stands
// for an argSet value.
type piece struct {
	text   string
	name   string // the ARG, for a value
	bare   bool   // text is a `$NAME` reference
	marked bool   // a value
}

// restore replaces the markers the lexer copied into result with the text
// of their values. refs are the references whose values reach the result,
// in order; when they do not match the markers one to one (the lexer cut a
// marker, which refScanner has already judged unresolved), built-in ARGs
// are shown as ${NAME}.
func restore(result string, env *argEnv, refs []ref, forArg bool) expansion {
	var pieces []piece
	ok := true // every marker is whole and names an argSet ARG
	for result != "" {
		i := strings.IndexAny(result, markers)
		if i < 0 {
			pieces = append(pieces, piece{text: result})
			break
		}
		if i > 0 {
			pieces = append(pieces, piece{text: result[:i]})
		}
		result = result[i:]
		r, w := utf8.DecodeRuneInString(result)
		j := strings.IndexRune(result[w:], markerClose)
		if r != markerOpen || j < 0 || strings.ContainsRune(result[w:w+j], markerOpen) {
			// A stray half of a cut marker.
			ok = false
			result = result[w:]
			continue
		}
		name := result[w : w+j]
		result = result[w+j+utf8.RuneLen(markerClose):]
		if v, set := env.lookup(name); !set || v.state != argSet {
			ok = false
			pieces = append(pieces, piece{text: name})
			continue
		}
		pieces = append(pieces, piece{name: name, marked: true})
	}

	n := 0
	for _, p := range pieces {
		if p.marked {
			n++
		}
	}
	written := n == len(refs)
	e := expansion{state: argSet, maybeEmpty: true}
	var lit strings.Builder // the literal text since the last unknown part
	k := 0
	for i := range pieces {
		p := &pieces[i]
		if !p.marked {
			if p.text != "" {
				e.maybeEmpty = false
			}
			lit.WriteString(p.text)
			continue
		}
		v, _ := env.lookup(p.name)
		if !v.maybeEmpty {
			e.maybeEmpty = false
		}
		if len(v.glob) < 2 {
			v.glob = []string{"", ""}
		}
		lit.WriteString(v.glob[0])
		e.glob = append(e.glob, lit.String())
		e.glob = append(e.glob, v.glob[1:len(v.glob)-1]...)
		lit.Reset()
		lit.WriteString(v.glob[len(v.glob)-1])
		switch {
		case !v.builtin:
			p.text = v.value
		case written && refs[k].name == p.name:
			p.text = refs[k].text
			p.bare = !strings.HasPrefix(p.text, "${")
		default:
			p.text = "${" + p.name + "}"
		}
		k++
	}
	// A `$NAME` reference that a name character would extend is braced.
	next := byte(0) // the first byte after the piece
	texts := make([]string, len(pieces))
	for i := len(pieces) - 1; i >= 0; i-- {
		p := pieces[i]
		t := p.text
		if p.bare && (forArg || isNameByte(next)) {
			t = "${" + p.name + "}"
		}
		texts[i] = t
		if t != "" {
			next = t[0]
		}
	}
	e.text = strings.Join(texts, "")
	e.glob = append(e.glob, lit.String())
	if !ok {
		e.state, e.maybeEmpty, e.glob = argUnknown, false, nil
	}
	return e
}

func isNameByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// refCtx says how the text being scanned reaches the result.
type refCtx uint8

const (
	dead     refCtx = iota // it does not
	operand                // it shapes the result (a pattern) but is not copied
	verbatim               // it is copied into the result
)

// shaping returns the context of an operand inside text of context c.
func (c refCtx) shaping() refCtx {
	if c == dead {
		return dead
	}
	return operand
}

// ref is a reference to an argSet ARG whose value reaches the result
// verbatim, with its text as written.
type ref struct {
	name, text string
}

// refScanner walks a word the way buildkit's shell lexer reads it and
// decides whether its expansion is static. Only references whose text
// reaches the result count: the word of ${X:-w} is dead when X is set and
// not empty, the word of ${X:+w} when X is unset, and so on. A reference
// that counts makes the word unresolved when its variable is unset (`$X`,
// `${X}`, `${X#p}` ...) or its value is not known; ${X-w} and ${X:+w} style
// references to an unset variable are resolved, since they give their own
// text. A variable that is set to an unknown value (argSet) is fine where
// its value is copied into the result (refs lists those references) but
// not where it is an operand (${X#p}), nor where a colon asks whether it is
// empty and it may be. It runs before the lexer (to bound its work), and
// a word the lexer rejects is unresolved whatever the scan says, so
// malformed input only needs to be scanned safely.
//
// The scanner also bounds the size of the expansion, counting every
// reference, live or dead (the lexer expands both): the word's own bytes
// plus extra.
type refScanner struct {
	s        []rune
	i        int
	esc      rune
	env      *argEnv
	resolved bool
	refs     []ref
	// extra bounds what references add to the word's length.
	extra int
	// match bounds the steps of pattern matching; see maxMatch.
	match int
	// dollars counts the places where the result may hold a "$" (a
	// quoted or escaped one, a value that has one), which a ${X/p/r}
	// replacement would expand as a regexp template.
	dollars int
}

// word scans up to and past stop (or to the end when stop < 0).
func (r *refScanner) word(stop rune, ctx refCtx) {
	for r.i < len(r.s) {
		ch := r.s[r.i]
		switch {
		case stop >= 0 && ch == stop:
			r.i++
			return
		case ch == '$':
			r.dollar(ctx)
		case ch == '\'':
			r.i++
			for r.i < len(r.s) && r.s[r.i] != '\'' {
				if r.s[r.i] == '$' {
					r.dollars++
				}
				r.i++
			}
			r.i++
		case ch == '"':
			r.double(ctx)
		case ch == r.esc:
			if r.i+1 < len(r.s) && r.s[r.i+1] == '$' {
				r.dollars++
			}
			r.i += 2
		default:
			r.i++
		}
	}
}

func (r *refScanner) double(ctx refCtx) {
	r.i++
	for r.i < len(r.s) {
		switch ch := r.s[r.i]; ch {
		case '"':
			r.i++
			return
		case '$':
			r.dollar(ctx)
		default:
			r.i++
			if ch == r.esc && r.i < len(r.s) {
				if n := r.s[r.i]; n == '"' || n == '$' || n == r.esc {
					if n == '$' {
						r.dollars++
					}
					r.i++
				}
			}
		}
	}
}

// value counts a reference to name in the size bound and returns the
// length of its value.
func (r *refScanner) value(name string) int {
	n, dollar := r.env.valueLen(name)
	r.extra = satAdd(r.extra, n)
	if dollar {
		r.dollars++
	}
	return n
}

// pattern scans a pattern up to and past stop and counts matching it
// against a value of vlen bytes.
func (r *refScanner) pattern(stop rune, vlen int, ctx refCtx) {
	from, extra := r.i, r.extra
	r.word(stop, ctx)
	plen := satAdd(r.bytes(from, r.i), r.extra-extra)
	r.match = satAdd(r.match, satMul(vlen+1, plen+1))
}

// bytes returns the UTF-8 length of r.s[from:to]. Scanning may end past
// the end of r.s (after an unterminated quote or a final escape).
func (r *refScanner) bytes(from, to int) int {
	n := 0
	to = min(to, len(r.s))
	for _, c := range r.s[min(from, to):to] {
		n += utf8.RuneLen(c)
	}
	return n
}

// use notes a read of name's value in context ctx and returns the index of
// the ref it adds, or -1.
func (r *refScanner) use(name string, ctx refCtx) int {
	if ctx == dead {
		return -1
	}
	v, ok := r.env.lookup(name)
	switch {
	case !ok || v.state == argUnknown || v.state == argSet && ctx == operand:
		r.resolved = false
	case v.state == argSet:
		r.refs = append(r.refs, ref{name: name})
		return len(r.refs) - 1
	}
	return -1
}

func (r *refScanner) dollar(ctx refCtx) {
	start := r.i
	r.i++
	if r.i >= len(r.s) {
		r.dollars++ // a lone "$" is copied
		return
	}
	if r.s[r.i] != '{' {
		name := r.name()
		if name == "" {
			r.dollars++
			return
		}
		r.value(name)
		if k := r.use(name, ctx); k >= 0 {
			r.refs[k].text = string(r.s[start:r.i])
		}
		return
	}
	r.i++
	if r.i >= len(r.s) {
		return
	}
	name := r.name()
	if r.i >= len(r.s) {
		return
	}
	vlen := r.value(name)
	op := r.s[r.i]
	r.i++
	colon := false
	if op == ':' && r.i < len(r.s) {
		colon = true
		op = r.s[r.i]
		r.i++
	}
	v, set := r.env.lookup(name)
	// With a colon an empty value counts as unset. The lexer sees an
	// argSet value as its marker, which is not empty.
	present := set && (!colon || v.state == argSet || v.value != "")
	if colon && ctx != dead && set && (v.state == argUnknown || v.state == argSet && v.maybeEmpty) {
		// Whether the value is empty is not known.
		r.resolved = false
	}
	k := -1
	switch op {
	case '}':
		k = r.use(name, ctx)
	case '-':
		if present {
			k = r.use(name, ctx)
			r.word('}', dead)
		} else {
			r.word('}', ctx)
		}
	case '+':
		if present {
			r.word('}', ctx)
		} else {
			r.word('}', dead)
		}
	case '?':
		k = r.use(name, ctx)
		r.word('}', dead)
	case '/':
		r.use(name, ctx.shaping())
		if r.i < len(r.s) && r.s[r.i] == '/' {
			r.i++ // ${X//p/r} replaces every match
		}
		r.pattern('/', vlen, ctx.shaping())
		from, extra, dollars := r.i, r.extra, r.dollars
		r.word('}', ctx.shaping())
		// Each of the up to vlen+1 matches becomes the replacement, a
		// regexp template whose every "$" may stand for the whole value.
		repl := satAdd(r.bytes(from, r.i), r.extra-extra)
		if r.dollars > dollars {
			repl = satMul(repl, vlen+1)
			r.dollars++
		}
		r.extra = satAdd(r.extra, satMul(vlen+1, repl))
	default: // '#', '%'
		r.use(name, ctx.shaping())
		r.pattern('}', vlen, ctx.shaping())
	}
	if k >= 0 {
		r.refs[k].text = string(r.s[start:r.i])
	}
}

// name reads a variable name as the lexer's processName does: a run of
// digits, one special parameter, or letters, digits and underscores.
func (r *refScanner) name() string {
	start := r.i
	if r.i < len(r.s) && unicode.IsDigit(r.s[r.i]) {
		for r.i < len(r.s) && unicode.IsDigit(r.s[r.i]) {
			r.i++
		}
		return string(r.s[start:r.i])
	}
	if r.i < len(r.s) && strings.ContainsRune("@*#?-$!0", r.s[r.i]) {
		r.i++
		return string(r.s[start:r.i])
	}
	for r.i < len(r.s) && (unicode.IsLetter(r.s[r.i]) || unicode.IsDigit(r.s[r.i]) || r.s[r.i] == '_') {
		r.i++
	}
	return string(r.s[start:r.i])
}
