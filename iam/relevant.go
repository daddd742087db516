package iam

import (
	"strings"
	"unicode/utf8"

	"github.com/ecslint/ecslint/internal/glob"
)

// CheckedActions lists the actions the rules ask rules/lib/iam about
// (TD006 kms:Decrypt, TD007 ssm:GetParameters, TD008
// secretsmanager:GetSecretValue). Relevant assumes no other action is ever
// checked; a test in this package reads the rules to keep the list in step.
func CheckedActions() []string {
	return []string{"secretsmanager:GetSecretValue", "ssm:GetParameters", "kms:Decrypt"}
}

// Relevant returns, in order, the indexes of the statements that may
// influence a decision of rules/lib/iam (allowed or denied, for any of
// CheckedActions) about any non-empty selection of subjects. Passing a
// role's statements restricted to these indexes instead of all of them
// changes no result and spares the Rego library the rest.
//
// The filter is conservative: it drops a statement only when the library
// provably ignores it for those subjects, that is when
//
//   - it is a conditional Deny (the library ignores those),
//   - none of CheckedActions matches it (Action globs, or NotAction, as the
//     library compares them: lower-cased, * and ?), or
//   - it has a Resource list and no NotResource, and none of its resource
//     patterns can match any subject, whatever the subject's unknown parts
//     (partition, region, account, resource, the Secrets Manager suffix)
//     stand for and whatever a policy variable ${...} expands to.
//
// Everything else is kept: statements with NotResource or without
// Resource, effects other than Allow and Deny, patterns holding a
// backslash, a control character or invalid UTF-8 (they count as matching
// every subject), and every statement with a Resource when a subject holds
// a control character or invalid UTF-8 or a colon in its partition,
// service, region or account. Resource patterns are compared
// case-insensitively, a superset of the library's case-sensitive match.
//
// subjects must hold every subject the document's decisions are asked
// about: the subjects and kmsSubjects of all its secret references.
// To filter the same statements for many documents, prepare them once with
// NewStatementFilter.
func Relevant(statements []Statement, subjects []Subject) []int {
	return NewStatementFilter(statements).Relevant(subjects)
}

// StatementFilter is a list of statements prepared for Relevant. It is
// safe for concurrent use.
type StatementFilter struct {
	statements []statementShape
}

type statementShape struct {
	// keep: kept whatever the subjects; drop: dropped whatever the
	// subjects; else kept when a pattern may match a subject.
	keep, drop bool
	patterns   []patternShape
}

// NewStatementFilter prepares statements for Relevant.
func NewStatementFilter(statements []Statement) *StatementFilter {
	f := &StatementFilter{statements: make([]statementShape, len(statements))}
	var actions [][]rune
	for _, a := range CheckedActions() {
		actions = append(actions, []rune(strings.ToLower(a)))
	}
	for i, st := range statements {
		sh := &f.statements[i]
		switch {
		case st.Effect != "Allow" && st.Effect != "Deny":
			sh.keep = true
		case st.Effect == "Deny" && st.Conditional:
			// _denied_one requires "not st.conditional == true";
			// _some_allow requires an Allow.
			sh.drop = true
		case !actionsMayApply(st, actions):
			sh.drop = true
		case len(st.NotResources) > 0 || len(st.Resources) == 0:
			sh.keep = true
		default:
			sh.patterns = make([]patternShape, len(st.Resources))
			for j, p := range st.Resources {
				sh.patterns[j] = shapePattern(p)
			}
		}
	}
	return f
}

// Relevant is the package function Relevant for the prepared statements.
func (f *StatementFilter) Relevant(subjects []Subject) []int {
	subs := make([]subjectShape, len(subjects))
	for i, s := range subjects {
		subs[i] = shapeSubject(s)
	}
	var m matcher
	out := []int{}
	for i := range f.statements {
		if m.relevant(&f.statements[i], subs) {
			out = append(out, i)
		}
	}
	return out
}

func (m *matcher) relevant(st *statementShape, subs []subjectShape) bool {
	if st.keep || st.drop {
		return st.keep
	}
	for j := range st.patterns {
		for k := range subs {
			if m.mayMatch(&st.patterns[j], &subs[k]) {
				return true
			}
		}
	}
	return false
}

// actionsMayApply mirrors _action_ok: with no NotAction, some Action glob
// matches an action; with NotAction, some action matches none of them.
// Globs are lower-cased with strings.ToLower, as OPA's lower does; actions
// come lower-cased.
func actionsMayApply(st Statement, actions [][]rune) bool {
	for _, list := range [][]string{st.Actions, st.NotActions} {
		for _, p := range list {
			if !utf8.ValidString(p) {
				return true
			}
		}
	}
	// matches reports which actions glob p matches, as bits.
	matches := func(p string) uint64 {
		var bits uint64
		pr := []rune(strings.ToLower(p))
		for i, a := range actions {
			if glob.Match(pr, a) {
				bits |= 1 << i
			}
		}
		return bits
	}
	all := uint64(1)<<len(actions) - 1
	if len(st.NotActions) == 0 {
		for _, p := range st.Actions {
			if matches(p) != 0 {
				return true
			}
		}
		return false
	}
	var excluded uint64
	for _, p := range st.NotActions {
		excluded |= matches(p)
	}
	return excluded != all
}

// The library matches the anchored regular expression of a pattern (see
// DescribePattern) against the subject rendered as an ARN by _subject:
// an unknown partition, region or account becomes the pattern's own field
// (may matching, for an Allow; "x" when the pattern has fewer than six
// fields) or U+0002 (must matching, for a Deny), never holding a colon; an
// unknown resource becomes the pattern's resource field, "x" or U+0002;
// a suffix adds "-" and six U+0001, which letters, digits and wildcards of
// a may pattern match. Relevant over-approximates both sides with token
// sequences and asks whether they can spell a common string.

type tokenKind uint8

const (
	tokLit        tokenKind = iota // the character r, ASCII letters lower-cased
	tokOne                         // any one character
	tokAny                         // any run of characters
	tokAnyNoColon                  // any run of characters without a colon
)

type token struct {
	kind tokenKind
	r    rune
}

// globTokens reads an IAM glob: * is tokAny, ? tokOne; with variables, a
// policy variable ${...} (up to the first }) is tokAny too, which covers
// both may matching (any text) and must matching (its literal text).
func globTokens(p string, variables bool) []token {
	out := make([]token, 0, len(p))
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == '*':
			out = append(out, token{kind: tokAny})
		case r == '?':
			out = append(out, token{kind: tokOne})
		case variables && r == '$' && strings.HasPrefix(p[i+1:], "{") && strings.IndexByte(p[i:], '}') > 0:
			out = append(out, token{kind: tokAny})
			n = strings.IndexByte(p[i:], '}') + 1
		default:
			out = append(out, token{kind: tokLit, r: foldASCII(r)})
		}
		i += n
	}
	return out
}

func literalTokens(s string) []token {
	out := make([]token, 0, len(s))
	for _, r := range s {
		out = append(out, token{kind: tokLit, r: foldASCII(r)})
	}
	return out
}

// patternShape is a resource pattern prepared for matching.
type patternShape struct {
	// all: the pattern may match anything ("*", or text the shapes do not
	// model).
	all bool
	// aligned: the pattern has six or more fields and its first five hold
	// no wildcard or variable, so they line up with the subject's; fields
	// holds them, lower-cased. end is the index of the fifth colon.
	aligned bool
	fields  [5]string
	end     int
	// prefix is the literal start, lower-cased, of the resource (aligned)
	// or of the whole pattern.
	prefix string
	// tokens of the resource (aligned) or of the whole pattern.
	tokens []token
}

// shapePattern prepares p. Matching never writes to the shape, so a
// StatementFilter can be shared.
func shapePattern(p string) patternShape {
	if p == "*" || unusual(p) || strings.ContainsRune(p, '\\') {
		return patternShape{all: true}
	}
	ps := patternShape{end: -1}
	end := 0
	for k := 0; k < 5 && end >= 0; k++ {
		c := strings.IndexByte(p[end:], ':')
		switch {
		case c < 0:
			end = -1
		case k < 4:
			end += c + 1
		default:
			end += c
		}
	}
	rest := p
	if end >= 0 && !strings.ContainsAny(p[:end], "*?$") {
		ps.aligned, ps.end = true, end
		head := asciiLower(p[:end])
		for k := range 4 {
			c := strings.IndexByte(head, ':')
			ps.fields[k], head = head[:c], head[c+1:]
		}
		ps.fields[4] = head
		rest = p[end+1:]
	}
	if i := strings.IndexAny(rest, "*?$"); i >= 0 {
		rest = rest[:i]
	}
	ps.prefix = asciiLower(rest)
	ps.tokens = globTokens(p[ps.end+1:], true)
	return ps
}

// unusual reports text Relevant does not model: invalid UTF-8 or control
// characters (U+0001 and U+0002 are the library's markers).
func unusual(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// subjectShape is a subject prepared for matching.
type subjectShape struct {
	wild   bool // matches every pattern
	fields [5]string
	known  [5]bool
	// resource is the resource, lower-cased, "" when unknown; prefix the
	// ARN, lower-cased, up to its first unknown part.
	resource, prefix string
	resourceTokens   []token // the resource and the suffix
	tokens           []token // the whole ARN
}

func shapeSubject(s Subject) subjectShape {
	var ss subjectShape
	parts := [5]string{"arn", s.Partition, s.Service, s.Region, s.Account}
	var prefix strings.Builder
	open := true
	for k, v := range parts {
		ss.fields[k] = asciiLower(v)
		// The service is used as it is, empty or not.
		ss.known[k] = v != "" || k == 2
		if ss.known[k] && k > 0 && strings.ContainsRune(v, ':') {
			ss.wild = true
		}
		ss.wild = ss.wild || unusual(v)
		if open = open && ss.known[k]; open {
			prefix.WriteString(ss.fields[k])
			prefix.WriteByte(':')
		}
	}
	ss.wild = ss.wild || unusual(s.Resource)
	ss.resource = asciiLower(s.Resource)
	if open {
		prefix.WriteString(ss.resource)
	}
	ss.prefix = prefix.String()
	if s.Resource == "" {
		ss.resourceTokens = []token{{kind: tokAny}}
	} else {
		ss.resourceTokens = literalTokens(s.Resource)
	}
	if s.Suffix {
		ss.resourceTokens = append(ss.resourceTokens, token{kind: tokLit, r: '-'})
		for range 6 {
			ss.resourceTokens = append(ss.resourceTokens, token{kind: tokOne})
		}
	}
	for k, v := range parts {
		if ss.known[k] {
			ss.tokens = append(ss.tokens, literalTokens(v)...)
		} else {
			ss.tokens = append(ss.tokens, token{kind: tokAnyNoColon})
		}
		ss.tokens = append(ss.tokens, token{kind: tokLit, r: ':'})
	}
	ss.tokens = append(ss.tokens, ss.resourceTokens...)
	return ss
}

// plausible: neither of two literal starts is a prefix of the other.
func plausible(a, b string) bool {
	n := min(len(a), len(b))
	return a[:n] == b[:n]
}

// matcher holds the scratch space of match.
type matcher struct {
	reach []bool
}

func (m *matcher) mayMatch(p *patternShape, s *subjectShape) bool {
	if p.all || s.wild {
		return true
	}
	if !p.aligned {
		if !plausible(p.prefix, s.prefix) {
			return false
		}
		return m.match(p.tokens, s.tokens)
	}
	// The pattern's first five colons are literal and the subject's first
	// five fields hold none, so the fields pair up.
	for k := range p.fields {
		if s.known[k] && p.fields[k] != s.fields[k] {
			return false
		}
	}
	if s.resource != "" && !plausible(p.prefix, s.resource) {
		return false
	}
	return m.match(p.tokens, s.resourceTokens)
}

// asciiLower lower-cases the ASCII letters of s.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = byte(foldASCII(rune(b[j])))
			}
			return string(b)
		}
	}
	return s
}

func foldASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// match reports whether some string is spelled by both token sequences.
func (m *matcher) match(p, s []token) bool {
	// Cheap rejection: a literal prefix or suffix both sides spell.
	for k := 0; k < len(p) && k < len(s) && p[k].kind == tokLit && s[k].kind == tokLit; k++ {
		if p[k].r != s[k].r {
			return false
		}
	}
	for i, j := len(p)-1, len(s)-1; i >= 0 && j >= 0 && p[i].kind == tokLit && s[j].kind == tokLit; i, j = i-1, j-1 {
		if p[i].r != s[j].r {
			return false
		}
	}
	// reach[i*w+j]: some string takes p to position i and s to j. Every
	// step advances i, j or both, so one pass in order suffices.
	w := len(s) + 1
	size := (len(p) + 1) * w
	if cap(m.reach) < size {
		m.reach = make([]bool, size)
	}
	reach := m.reach[:size]
	clear(reach)
	reach[0] = true
	for i := 0; i <= len(p); i++ {
		for j := 0; j <= len(s); j++ {
			if !reach[i*w+j] {
				continue
			}
			if i == len(p) && j == len(s) {
				return true
			}
			if i < len(p) && p[i].kind >= tokAny {
				reach[(i+1)*w+j] = true
			}
			if j < len(s) && s[j].kind >= tokAny {
				reach[i*w+j+1] = true
			}
			if i < len(p) && j < len(s) && compatible(p[i], s[j]) {
				ni, nj := i, j
				if p[i].kind < tokAny {
					ni++
				}
				if s[j].kind < tokAny {
					nj++
				}
				reach[ni*w+nj] = true
			}
		}
	}
	return false
}

// compatible reports whether one character can be spelled by both tokens.
func compatible(a, b token) bool {
	switch {
	case a.kind == tokLit && b.kind == tokLit:
		return a.r == b.r
	case a.kind == tokLit && b.kind == tokAnyNoColon:
		return a.r != ':'
	case b.kind == tokLit && a.kind == tokAnyNoColon:
		return b.r != ':'
	}
	return true
}
