package facts

import "strings"

// sentinel stands for one template placeholder inside a tokenized string.
// It is a private-use code point, which no image reference or ARN may
// contain, so a component "has a placeholder" exactly when it contains it.
const sentinel = '\uE000'

// template is a string whose placeholders have been replaced by sentinel.
type template struct {
	text string   // the string with each placeholder replaced by sentinel
	subs []string // the placeholders, in order of appearance
}

// tokenize finds the template placeholders in s. ok is false when s itself
// contains the sentinel rune, which would make restoring ambiguous.
func tokenize(s string) (t template, ok bool) {
	if strings.ContainsRune(s, sentinel) {
		return template{text: s}, false
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		end := placeholderEnd(s, i)
		if end < 0 {
			i++
			continue
		}
		if len(t.subs) == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteRune(sentinel)
		t.subs = append(t.subs, s[i:end])
		i, last = end, end
	}
	if len(t.subs) == 0 {
		return template{text: s}, true
	}
	b.WriteString(s[last:])
	t.text = b.String()
	return t, true
}

// has reports whether part (a substring of t.text) holds a placeholder.
func has(part string) bool { return strings.ContainsRune(part, sentinel) }

// restore puts the original placeholders back into part, which must be a
// substring of t.text starting at byte offset off.
func (t template) restore(part string, off int) string {
	if !has(part) {
		return part
	}
	// Count the placeholders before part to know which one comes first.
	k := strings.Count(t.text[:off], string(sentinel))
	var b strings.Builder
	for {
		i := strings.IndexRune(part, sentinel)
		if i < 0 {
			b.WriteString(part)
			return b.String()
		}
		b.WriteString(part[:i])
		b.WriteString(t.subs[k])
		k++
		part = part[i+len(string(sentinel)):]
	}
}

// substitute replaces every placeholder in part with repl.
func substitute(part, repl string) string {
	return strings.ReplaceAll(part, string(sentinel), repl)
}

// literal returns part without its placeholders.
func literal(part string) string { return substitute(part, "") }

// placeholderEnd returns the end offset of the placeholder that starts at
// s[i], or -1. Recognized forms, tried in this order:
//
//	$$$NAME$$$         sed-style markers of CI scripts (two or more dollars)
//	${{ expr }}        GitHub Actions
//	${NAME}, ${var.x}, ${AWS::Region}, ${X:-default}   shell, Terraform, CloudFormation !Sub
//	{{ expr }}, {{{ expr }}}, {% expr %}   Go templates, ecspresso, Jinja, Helm, mustache
//	#{NAME}            Octopus Deploy, Ruby
//	$NAME              shell, Dockerfile ARG
//	%NAME%             Windows cmd
//	<NAME>             CodeDeploy (<IMAGE1_NAME>) and documentation
//	@NAME@             Maven and autoconf filtering
//	{NAME}             documentation ({aws_account_id})
func placeholderEnd(s string, i int) int {
	// Placeholders are short; bounding the search keeps tokenize linear on
	// hostile input such as a megabyte of "${".
	w := s[i:min(len(s), i+maxPlaceholder)]
	if n := placeholderLen(w); n > 0 {
		return i + n
	}
	return -1
}

// maxPlaceholder bounds the length of one placeholder.
const maxPlaceholder = 512

// placeholderLen returns the length of the placeholder at the start of w,
// or 0.
func placeholderLen(w string) int {
	switch w[0] {
	case '$':
		switch {
		case strings.HasPrefix(w, "$$"):
			// $$NAME$$, $$$NAME$$$, ...: at least two dollars on each side.
			open := len(w) - len(strings.TrimLeft(w, "$"))
			n := nameLen(w[open:], false)
			after := w[open+n:]
			closing := min(open, len(after)-len(strings.TrimLeft(after, "$")))
			if n == 0 || closing < 2 {
				return 0
			}
			return open + n + closing
		case strings.HasPrefix(w, "${{"):
			return closeAt(w, 3, "}}")
		case strings.HasPrefix(w, "${"):
			return balanced(w)
		}
		if n := nameLen(w[1:], false); n > 0 {
			return 1 + n
		}
	case '{':
		switch {
		case strings.HasPrefix(w, "{{{"):
			return closeAt(w, 3, "}}}")
		case strings.HasPrefix(w, "{{"):
			return closeAt(w, 2, "}}")
		case strings.HasPrefix(w, "{%"):
			return closeAt(w, 2, "%}")
		}
		return closeFlat(w, 1, '{', '}')
	case '#':
		if strings.HasPrefix(w, "#{") {
			return closeFlat(w, 2, '{', '}')
		}
	case '%':
		if n := nameLen(w[1:], false); n > 0 && 1+n < len(w) && w[1+n] == '%' {
			return 1 + n + 1
		}
	case '<':
		return closeFlat(w, 1, '<', '>')
	case '@':
		if n := nameLen(w[1:], true); n > 0 && 1+n < len(w) && w[1+n] == '@' {
			return 1 + n + 1
		}
	}
	return 0
}

// closeAt returns the length up to and including the first close after
// w[open:], requiring something between the delimiters, or 0.
func closeAt(w string, open int, close string) int {
	j := strings.Index(w[open:], close)
	if j <= 0 {
		return 0
	}
	return open + j + len(close)
}

// closeFlat returns the length up to and including the first closer after
// w[open:] when no opener comes first and the content is not empty, or 0.
func closeFlat(w string, open int, opener, closer byte) int {
	j := strings.IndexAny(w[open:], string([]byte{opener, closer}))
	if j <= 0 || w[open+j] != closer {
		return 0
	}
	return open + j + 1
}

// balanced returns the length of "${...}" at the start of w, allowing
// nesting such as ${X:-${Y}}, or 0.
func balanced(w string) int {
	depth := 0
	for j := 1; j < len(w); j++ {
		switch w[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				if j == 2 {
					return 0 // "${}" is not a placeholder
				}
				return j + 1
			}
		}
	}
	return 0
}

// nameLen returns the length of the identifier at the start of s:
// [A-Za-z_][A-Za-z0-9_]*, with '.' and '-' also allowed after the first
// character when dotted is set.
func nameLen(s string, dotted bool) int {
	n := 0
	for n < len(s) {
		c := s[n]
		switch {
		case c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z':
		case n > 0 && '0' <= c && c <= '9':
		case n > 0 && dotted && (c == '.' || c == '-'):
		default:
			return n
		}
		n++
	}
	return n
}

// Templated reports whether s holds a template placeholder (${X}, $X,
// {{ x }}, <X>, CloudFormation and Terraform expressions, ...), so that its
// literal value is not known statically.
func Templated(s string) bool {
	t, ok := tokenize(s)
	return !ok || len(t.subs) > 0
}

// MaskPlaceholders returns s with each template placeholder replaced by one
// private-use rune, so that s can be split on the separators a placeholder
// may contain (CloudFormation's ${AWS::AccountId} has colons). A part of
// the result holds a placeholder exactly when Templated reports it.
func MaskPlaceholders(s string) string {
	t, _ := tokenize(s)
	return t.text
}
