package dockerfile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// argValue is the value of an ARG under the default build configuration
// (no --build-arg). known is false when that value depends on something
// that cannot be known statically.
type argValue struct {
	value string
	known bool
}

// argEnv is the set of ARGs in scope, handed to buildkit's shell lexer. An
// ARG declared without a value (and not set before) is absent: buildkit
// leaves it unset.
type argEnv struct {
	vals map[string]argValue
	keys []string
}

func newArgEnv() *argEnv { return &argEnv{vals: make(map[string]argValue)} }

// Get implements shell.EnvGetter.
func (e *argEnv) Get(key string) (string, bool) {
	v, ok := e.vals[key]
	return v.value, ok
}

// Keys implements shell.EnvGetter.
func (e *argEnv) Keys() []string { return e.keys }

func (e *argEnv) set(key string, v argValue) {
	if _, ok := e.vals[key]; !ok {
		e.keys = append(e.keys, key)
	}
	e.vals[key] = v
}

func (e *argEnv) clone() *argEnv {
	c := &argEnv{vals: make(map[string]argValue, len(e.vals)), keys: append([]string(nil), e.keys...)}
	for k, v := range e.vals {
		c.vals[k] = v
	}
	return c
}

// expander substitutes ARGs with buildkit's shell lexer.
type expander struct {
	lex *shell.Lex
	esc rune
}

func newExpander(esc rune) *expander {
	return &expander{lex: shell.NewLex(esc), esc: esc}
}

// expand substitutes env into word as buildkit does for FROM and ARG
// values. resolved is false when the lexer rejects word (the result is then
// word itself) or when the result depends on a variable that is unset under
// the default configuration or whose value is not known; see refScanner.
func (x *expander) expand(word string, env *argEnv) (string, bool) {
	// The lexer reads with text/scanner, which prints these to stderr;
	// sanitize has removed them from the text already.
	if !utf8.ValidString(word) || strings.IndexByte(word, 0) >= 0 {
		return word, false
	}
	res, err := x.lex.ProcessWordWithMatches(word, env)
	if err != nil {
		return word, false
	}
	sc := refScanner{s: []rune(word), esc: x.esc, env: env, resolved: true}
	sc.word(-1, true)
	return res.Result, sc.resolved
}

// refScanner walks a word the way buildkit's shell lexer reads it and
// decides whether its expansion is static. Only references whose text
// reaches the result count ("live"): the word of ${X:-w} is dead when X is
// set and not empty, the word of ${X:+w} when X is unset, and so on. A live
// reference makes the word unresolved when its variable is unset (`$X`,
// `${X}`, `${X#p}` ...) or its value is not known; ${X-w} and ${X:+w} style
// references to an unset variable are resolved, since they give their own
// text. The lexer has already accepted the word, so malformed input needs
// no care here.
type refScanner struct {
	s        []rune
	i        int
	esc      rune
	env      *argEnv
	resolved bool
}

// word scans up to and past stop (or to the end when stop < 0).
func (r *refScanner) word(stop rune, live bool) {
	for r.i < len(r.s) {
		ch := r.s[r.i]
		switch {
		case stop >= 0 && ch == stop:
			r.i++
			return
		case ch == '$':
			r.dollar(live)
		case ch == '\'':
			r.i++
			for r.i < len(r.s) && r.s[r.i] != '\'' {
				r.i++
			}
			r.i++
		case ch == '"':
			r.double(live)
		case ch == r.esc:
			r.i += 2
		default:
			r.i++
		}
	}
}

func (r *refScanner) double(live bool) {
	r.i++
	for r.i < len(r.s) {
		switch ch := r.s[r.i]; ch {
		case '"':
			r.i++
			return
		case '$':
			r.dollar(live)
		default:
			r.i++
			if ch == r.esc && r.i < len(r.s) {
				if n := r.s[r.i]; n == '"' || n == '$' || n == r.esc {
					r.i++
				}
			}
		}
	}
}

// use notes a live read of name's value.
func (r *refScanner) use(name string, live bool) {
	if !live {
		return
	}
	if v, ok := r.env.vals[name]; !ok || !v.known {
		r.resolved = false
	}
}

func (r *refScanner) dollar(live bool) {
	r.i++
	if r.i >= len(r.s) {
		return
	}
	if r.s[r.i] != '{' {
		if name := r.name(); name != "" {
			r.use(name, live)
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
	op := r.s[r.i]
	r.i++
	colon := false
	if op == ':' && r.i < len(r.s) {
		colon = true
		op = r.s[r.i]
		r.i++
	}
	v, set := r.env.vals[name]
	// With a colon an empty value counts as unset.
	present := set && (!colon || v.value != "")
	if colon && live && set && !v.known {
		// Whether the value is empty is not known.
		r.resolved = false
	}
	switch op {
	case '}':
		r.use(name, live)
	case '-':
		r.use(name, live && present)
		r.word('}', live && !present)
	case '+':
		r.word('}', live && present)
	case '?':
		r.use(name, live)
		r.word('}', false)
	case '/':
		r.use(name, live)
		r.word('/', live)
		r.word('}', live)
	default: // '#', '%'
		r.use(name, live)
		r.word('}', live)
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
