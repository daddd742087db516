// Package jsonpos decodes JSON (RFC 8259) into a tree of Nodes that carry
// the exact source range of every value, so that format parsers built on
// JSON (ECS task definitions, later CloudFormation JSON) can map document
// paths back to file:line:col.
//
// Positions follow the parser package: a value's range starts at its first
// character (for a string, the opening quote) and ends just past its last
// character (the closing quote); Line and Column are 1-based and Column
// counts Unicode code points (an invalid UTF-8 byte counts as one), exactly
// as parser.Lines computes them; Offset is a byte offset into the input.
//
// Decoding agrees with encoding/json: an input decodes without error if and
// only if json.Valid accepts it (a leading UTF-8 byte order mark is also
// allowed and skipped; it still occupies bytes and, like in parser.Lines,
// one column), and Node.Value equals what json.Unmarshal into an any with
// UseNumber yields: duplicate object keys keep the last value, invalid UTF-8
// in strings becomes U+FFFD, nesting deeper than MaxDepth is an error. The
// one difference is that Value bounds numbers (MaxNumberLen, MaxNumberExp),
// so that a valid but absurd number such as 1e40000 or 8 MB of digits costs
// its consumers nothing; Node.Text keeps every literal as written.
// Failures are *parser.Error values positioned at the offending byte (at the
// end of the input for a truncated text). Decode never panics.
package jsonpos

import (
	"encoding/json"
	"strconv"

	"github.com/ecslint/ecslint/parser"
)

// MaxDepth is the deepest nesting of arrays and objects Decode accepts; it
// is the limit encoding/json enforces too.
const MaxDepth = 10000

// MaxIndexDepth is how many levels below the node Index descends. An index
// key is as long as its path, so indexing every level of a pathologically
// deep input would cost memory quadratic in its depth; deeper values resolve
// to their nearest indexed ancestor through parser.Index.Lookup. Real task
// definitions and templates nest far less.
const MaxIndexDepth = 64

// Kind is the JSON type of a Node.
type Kind uint8

// The kinds of JSON values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// String returns the JSON name of k ("null", "boolean", "number", ...).
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// Node is one decoded JSON value with its source range.
type Node struct {
	Kind  Kind
	Range parser.Range
	// Bool is the value of a Bool node.
	Bool bool
	// Text is the decoded value of a String node, or the literal of a
	// Number node exactly as written (e.g. "1.50e3").
	Text string
	// Members are an Object's members in source order, duplicates included.
	Members []Member
	// Elems are an Array's elements.
	Elems []*Node
}

// Member is one "key": value pair of an object.
type Member struct {
	Key string
	// KeyRange is the range of the key's string literal, quotes included.
	KeyRange parser.Range
	Value    *Node
}

// Get returns the value of the member named key of an Object node (the last
// one when the key is repeated, as encoding/json does), or nil when n is not
// an object or has no such member.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// Value converts n to plain Go values: map[string]any, []any, string, bool,
// nil and json.Number, the tree json.Unmarshal builds with UseNumber. A
// number is never converted: its json.Number is the literal as written,
// unless the literal is longer than MaxNumberLen bytes or its exponent is
// beyond ±MaxNumberExp; then it is rounded to 17 significant digits,
// 0 or ±1e1001 (see MaxNumberExp), so that no consumer (OPA builds its
// input from this tree) spends more than constant time on one number or
// refuses it.
func (n *Node) Value() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Bool:
		return n.Bool
	case Number:
		return json.Number(boundNumber(n.Text))
	case String:
		return n.Text
	case Array:
		out := make([]any, len(n.Elems))
		for i, el := range n.Elems {
			out[i] = el.Value()
		}
		return out
	case Object:
		out := make(map[string]any, len(n.Members))
		for _, m := range n.Members {
			out[m.Key] = m.Value.Value() // a later duplicate replaces an earlier one
		}
		return out
	}
	return nil
}

// Index records in ix the range of n under path prefix and, below it, the
// range of every descendant value: object members under their key (a string)
// and array elements under their index (an int). Of repeated keys only the
// last member is indexed, so the index describes the tree Value returns.
// Values more than MaxIndexDepth levels below n are not indexed. prefix is
// not modified.
func (n *Node) Index(ix *parser.Index, prefix []any) {
	if n == nil || ix == nil {
		return
	}
	// One path buffer is reused throughout: Index.Set renders the path to a
	// string key and keeps no reference to the slice.
	path := make([]any, len(prefix), len(prefix)+16)
	copy(path, prefix)
	n.index(ix, path, MaxIndexDepth)
}

func (n *Node) index(ix *parser.Index, path []any, levels int) {
	ix.Set(path, n.Range)
	if levels == 0 {
		return
	}
	switch n.Kind {
	case Array:
		for i, el := range n.Elems {
			el.index(ix, append(path, i), levels-1)
		}
	case Object:
		shadowed := duplicates(n.Members)
		for i, m := range n.Members {
			if shadowed != nil && shadowed[i] {
				continue
			}
			m.Value.index(ix, append(path, m.Key), levels-1)
		}
	}
}

// duplicates reports, for each member, whether a later member has the same
// key. It returns nil when the keys are all distinct (the common case).
func duplicates(ms []Member) []bool {
	const small = 16 // below this a quadratic scan beats a map
	var out []bool
	mark := func(i int) {
		if out == nil {
			out = make([]bool, len(ms))
		}
		out[i] = true
	}
	if len(ms) <= small {
		for i := range ms {
			for j := i + 1; j < len(ms); j++ {
				if ms[i].Key == ms[j].Key {
					mark(i)
					break
				}
			}
		}
		return out
	}
	last := make(map[string]int, len(ms))
	for i, m := range ms {
		last[m.Key] = i
	}
	if len(last) == len(ms) {
		return nil
	}
	for i, m := range ms {
		if last[m.Key] != i {
			mark(i)
		}
	}
	return out
}

// Number returns the literal of a Number node as Value reports it: as
// written, or bounded (see Value).
func (n *Node) Number() json.Number { return json.Number(boundNumber(n.Text)) }

// Live returns the members of an Object node that Value keeps: each key
// once, at its last occurrence, in source order. It allocates only when a
// key is repeated.
func (n *Node) Live() []Member {
	shadowed := duplicates(n.Members)
	if shadowed == nil {
		return n.Members
	}
	out := make([]Member, 0, len(n.Members))
	for i, m := range n.Members {
		if !shadowed[i] {
			out = append(out, m)
		}
	}
	return out
}

// Locator resolves document paths to the ranges of the values of a
// decoded tree by walking it, on demand: nothing is recorded in advance.
// The empty path is Root; a path that starts with Prefix continues from
// Node (a string element names an object member, its last occurrence, an
// int element an array element). A path that leaves the tree resolves,
// through Lookup, to its deepest ancestor inside it. Locator implements
// parser.Locator.
type Locator struct {
	Root   *Node
	Prefix []any
	Node   *Node
}

// NewLocator returns the locator of a document whose path prefix is node,
// and whose empty path is root.
func NewLocator(root *Node, prefix []any, node *Node) *Locator {
	return &Locator{Root: root, Prefix: prefix, Node: node}
}

// walk follows path and returns the deepest node reached and whether it is
// the node of the whole path.
func (l *Locator) walk(path []any) (*Node, bool) {
	if len(path) < len(l.Prefix) {
		return l.Root, len(path) == 0
	}
	for i, el := range l.Prefix {
		if !sameElement(el, path[i]) {
			return l.Root, false
		}
	}
	n := l.Node
	for _, el := range path[len(l.Prefix):] {
		// As in a JSON Pointer (and parser.Key), an element names a
		// member or an element by its text: "0" is the first element of
		// an array, 0 the member "0" of an object.
		var next *Node
		switch k := el.(type) {
		case string:
			if n.Kind == Array {
				next = n.elem(k)
			} else {
				next = n.Get(k)
			}
		case int:
			if n.Kind == Array && k >= 0 && k < len(n.Elems) {
				next = n.Elems[k]
			} else if n.Kind == Object {
				next = n.Get(strconv.Itoa(k))
			}
		}
		if next == nil {
			return n, false
		}
		n = next
	}
	return n, true
}

// Get returns the range of exactly path.
func (l *Locator) Get(path []any) (parser.Range, bool) {
	n, ok := l.walk(path)
	if !ok || n == nil {
		return parser.Range{}, false
	}
	return n.Range, true
}

// Lookup returns the range of path or of its deepest ancestor in the tree.
func (l *Locator) Lookup(path []any) (parser.Range, bool) {
	n, _ := l.walk(path)
	if n == nil {
		return parser.Range{}, false
	}
	return n.Range, true
}

// Keys returns every path the locator resolves, as sorted JSON Pointers,
// down to MaxIndexDepth levels below Node.
func (l *Locator) Keys() []string {
	ix := parser.NewIndex()
	ix.Set(nil, l.Root.Range)
	l.Node.Index(ix, l.Prefix)
	return ix.Keys()
}

// elem returns the element of an Array node whose index is the decimal
// text s (no sign, no leading zero), or nil.
func (n *Node) elem(s string) *Node {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return nil
	}
	i := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' || i > len(n.Elems) {
			return nil
		}
		i = i*10 + int(c-'0')
	}
	if i >= len(n.Elems) {
		return nil
	}
	return n.Elems[i]
}

// sameElement compares two path elements (strings and ints) without
// panicking on values that are not comparable.
func sameElement(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int:
		y, ok := b.(int)
		return ok && x == y
	}
	return false
}
