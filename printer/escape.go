package printer

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Values in a report come from the files it is about: file names, rule
// messages that quote images and secret names, parse errors that quote
// the text, the metadata of the user's policies. None of them may end a
// line (a line that starts with "::" is a GitHub Actions workflow
// command) or reach a terminal as an escape sequence. The line formats
// (text, github, the notices on stderr) and the XML ones (junit,
// checkstyle) write them with Escape and QuoteFile; JSON and SARIF escape
// them as JSON strings (jsonSafe).

// unsafeRune reports whether r is a control character (C0, DEL, C1), a
// line or paragraph separator, or an invisible format character such as a
// bidi override or a zero-width space.
func unsafeRune(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r)
}

// Escape returns s with each unsafe character written as Go's %q writes it
// inside a string (\n, \r, \t, \x1b, \u0085, \u202e) and each byte that is
// not UTF-8 as \xHH. Everything else, quotes and backslashes included, is
// kept, so a message that quotes a value with %q reads the same.
func Escape(s string) string { return escape(s, false) }

// escape is Escape; keepNewlines keeps \n and \r for a caller that encodes
// them itself (GitHub workflow commands: %0A, %0D).
func escape(s string, keepNewlines bool) string {
	mustEscape := func(r rune) bool {
		if keepNewlines && (r == '\n' || r == '\r') {
			return false
		}
		return unsafeRune(r)
	}
	clean := true
	for i, r := range s {
		if r == utf8.RuneError && isInvalid(s[i:]) || mustEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case mustEscape(r):
			q := strconv.QuoteRune(r) // '\n', '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isInvalid reports whether s starts with a byte that is not UTF-8 (as
// opposed to an encoded U+FFFD).
func isInvalid(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size == 1
}

// QuoteFile returns a file name as the line and XML formats print it: as
// is, or quoted with strconv.Quote when it holds an unsafe character or
// bytes that are not UTF-8 (lint quotes the empty name "" the same way).
func QuoteFile(name string) string {
	if !utf8.ValidString(name) || strings.IndexFunc(name, unsafeRune) >= 0 {
		return strconv.Quote(name)
	}
	return name
}

// jsonSafe rewrites the characters encoding/json writes as they are but a
// terminal may act on (DEL, C1 controls, format characters such as bidi
// overrides) as \u escapes: the same JSON values, safe to print.
// encoding/json already escapes the C0 controls, U+2028 and U+2029, and
// replaces bytes that are not UTF-8.
func jsonSafe(b []byte) []byte {
	i := bytes.IndexFunc(b, func(r rune) bool { return r >= 0x7f && unsafeRune(r) })
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for _, r := range string(b[i:]) {
		if r < 0x7f || !unsafeRune(r) {
			out = utf8.AppendRune(out, r)
			continue
		}
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			continue
		}
		out = fmt.Appendf(out, `\u%04x`, r)
	}
	return out
}
