// Package parser turns files into Documents: plain JSON-like trees that Rego
// can read, plus a Locator that resolves document paths to source
// positions when they are asked for.
//
// Each source format lives in its own subpackage (ecsjson, dockerfile, ...)
// and implements Parser. Parsers never panic and never drop positions: a
// malformed input is returned as an *Error carrying file:line:col.
package parser

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Document kinds. Rules target a kind, never a file format.
const (
	KindTaskDef    = "taskdef"
	KindDockerfile = "dockerfile"
)

// Source formats a Document can come from.
const (
	SourceECSJSON    = "ecs-json"
	SourceDockerfile = "dockerfile"
)

// Position is a point in a source file. Line and Column are 1-based; Column
// counts Unicode code points of its line. Offset is the 0-based byte offset
// into the file, so fixes can rewrite exact byte ranges.
type Position struct {
	Line   int
	Column int
	Offset int
}

// IsValid reports whether p names a real location.
func (p Position) IsValid() bool { return p.Line > 0 }

// Range is a half-open span of source: End is just past the last character.
type Range struct {
	Start Position
	End   Position
}

// Document is one lintable unit: a task definition or a Dockerfile.
//
// Body holds the kind-specific top-level members of the Rego input
// ("taskDefinition" for task definitions; "stages", "args", ... for
// Dockerfiles). The engine adds "kind", "file", "source", "resource" and
// "facts" around it, so paths in Index are paths into that whole input.
type Document struct {
	Kind     string
	File     string // slash-separated, as given on the command line or relative to the cwd
	Source   string
	Resource string // CloudFormation logical id or Terraform address, when any
	Body     map[string]any
	// Index resolves document paths to source ranges. Formats built on
	// JSON walk their syntax tree for the path asked (jsonpos.Locator);
	// nothing is computed for paths no rule reports.
	Index Locator
	// Text is the file's content, kept for fixes and inline ignores.
	Text []byte
	// Suppressions are the inline ignore comments of the file (a
	// Dockerfile's "# ecslint ignore=..."); every document of a file
	// carries them all.
	Suppressions []Suppression
	// Notices are what the user should know about the file that is neither
	// an error nor a finding (a Dockerfile ARG not expanded past ecslint's
	// limits). They are not part of the Rego input.
	Notices []Notice
}

// Notice is a parser's note about a document, at the range it is about.
type Notice struct {
	Range Range
	Msg   string
}

// Suppression is an inline ignore comment found by a parser. Each format
// has its own comment syntax; what it covers is expressed the same way.
type Suppression struct {
	Line, Column int      // where the comment starts
	Text         string   // the comment as written, for messages
	Rules        []string // rule ids, upper case, as written
	Reason       string   // free text after the ids
	// Global covers the whole file; otherwise the lines FromLine..ToLine
	// (the next instruction), none when both are 0.
	Global           bool
	FromLine, ToLine int
}

// Pos returns the source range of path, falling back to the nearest ancestor
// that has a position (a finding about a missing key points at its parent).
func (d *Document) Pos(path []any) (Range, bool) {
	if d == nil || d.Index == nil {
		return Range{}, false
	}
	return d.Index.Lookup(path)
}

// Parser reads one source format.
type Parser interface {
	// Parse turns src, read from path, into documents. A file may hold none
	// (nothing to lint), one, or several.
	Parse(path string, src []byte) ([]*Document, error)
}

// Error is a positioned parse failure. Its Error method returns the GNU
// "file:line:col: message" form that editors understand.
type Error struct {
	File string
	Pos  Position
	Msg  string
}

func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Column, e.Msg)
}

// Errorf builds an *Error.
func Errorf(file string, pos Position, format string, args ...any) *Error {
	return &Error{File: file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Locator resolves document paths to source ranges.
type Locator interface {
	// Get returns the range of exactly path.
	Get(path []any) (Range, bool)
	// Lookup returns the range of path or of its nearest ancestor that
	// has one.
	Lookup(path []any) (Range, bool)
	// Keys returns every path the locator resolves, as JSON Pointers,
	// sorted: for tests and debugging, never on the linting path.
	Keys() []string
}

// Index maps document paths to source ranges, recorded in advance: a
// Locator for formats whose documents are built path by path (Dockerfiles).
type Index struct {
	m map[string]Range
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{m: make(map[string]Range)} }

// Set records the range of path.
func (ix *Index) Set(path []any, r Range) { ix.m[Key(path)] = r }

// Get returns the range recorded for exactly path.
func (ix *Index) Get(path []any) (Range, bool) {
	r, ok := ix.m[Key(path)]
	return r, ok
}

// Lookup returns the range of path or of its nearest ancestor that has one.
func (ix *Index) Lookup(path []any) (Range, bool) {
	for n := len(path); n >= 0; n-- {
		if r, ok := ix.m[Key(path[:n])]; ok {
			return r, true
		}
	}
	return Range{}, false
}

// Len returns the number of recorded paths.
func (ix *Index) Len() int { return len(ix.m) }

// Keys returns every recorded key, sorted; for tests and debugging.
func (ix *Index) Keys() []string {
	keys := make([]string, 0, len(ix.m))
	for k := range ix.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Key renders path as a JSON Pointer (RFC 6901). Integer elements (int,
// int64, float64 with an integral value, json.Number) are array indexes.
func Key(path []any) string {
	if len(path) == 0 {
		return ""
	}
	n := 0
	for _, el := range path {
		if s, ok := el.(string); ok {
			n += len(s) + 1
		} else {
			n += 4
		}
	}
	b := make([]byte, 0, n)
	for _, el := range path {
		b = append(b, '/')
		switch v := el.(type) {
		case string:
			b = appendPointer(b, v)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case float64:
			b = strconv.AppendFloat(b, v, 'f', -1, 64)
		case fmt.Stringer:
			b = appendPointer(b, v.String())
		default:
			b = appendPointer(b, fmt.Sprint(v))
		}
	}
	return string(b)
}

func appendPointer(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "~/") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, s[i])
		}
	}
	return b
}

// Append returns a new path with els appended, never sharing path's array.
func Append(path []any, els ...any) []any {
	out := make([]any, 0, len(path)+len(els))
	out = append(out, path...)
	return append(out, els...)
}
