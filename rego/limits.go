package rego

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/ecslint/ecslint/internal/safeio"
)

// Limits on the result of one call of a built-in function. Several of
// OPA's built-ins build their whole result in Go without looking at the
// evaluation's cancellation, so neither --timeout nor the memory watchdog
// (memory.go) can stop them once they run, and one call can ask for more
// memory than the machine has (numbers.range(1, 1e10) wants about 1 TB).
// ecslint refuses such a call before it starts: the evaluation stops with
// an error at the call's file:line:col. The limits are far above what a
// lint policy needs; documents are at most 8 MiB.
const (
	// MaxCollection is the most numbers, parts, matches or path steps one
	// call may return (numbers.range, split, regex.find_n,
	// graph.reachable_paths, ...): about 100 MB of terms.
	MaxCollection = 1_000_000
	// MaxString is the longest string one call may return (replace,
	// concat, sprintf, json.marshal, strings.render_template, ...), and the
	// longest text json.unmarshal and yaml.unmarshal decode.
	MaxString = 16 << 20
	// maxBits is the widest integer bits.lsh may return: printing a wider
	// one in decimal takes longer than any timeout.
	maxBits = 1 << 16
)

// sizeCheck returns why a call with these operands would make too much,
// or "" to let the built-in run. Operands of the wrong type pass: the
// built-in reports them itself.
type sizeCheck func(operands []*ast.Term) string

func init() {
	limit("numbers.range", checkRange(false))
	limit("numbers.range_step", checkRange(true))
	limit("split", checkSplit)
	limit("strings.split_n", checkSplitN)
	limit("indexof_n", checkIndexOfN)
	limit("regex.split", checkRegexCount(0, 1, -1))
	limit("regex.find_n", checkRegexCount(0, 1, 2))
	limit("regex.find_all_string_submatch_n", checkRegexCount(0, 1, 2))
	limit("replace", checkReplace)
	limit("strings.replace_n", checkReplaceN)
	limit("regex.replace", checkRegexReplace)
	limit("concat", checkConcat)
	limit("sprintf", checkSprintf)
	limit("json.marshal", checkMarshal(false))
	limit("json.marshal_with_options", checkMarshal(true))
	limit("yaml.marshal", checkMarshal(false))
	limit("json.unmarshal", checkUnmarshal)
	limit("yaml.unmarshal", checkUnmarshal)
	limit("bits.lsh", checkShift)
	topdown.RegisterBuiltinFunc(ast.RenderTemplate.Name, renderTemplate)
	topdown.RegisterBuiltinFunc(ast.ReachablePathsBuiltin.Name, reachablePaths)
}

// limit replaces the built-in name with one that runs check first.
func limit(name string, check sizeCheck) {
	orig := topdown.GetBuiltin(name)
	if orig == nil {
		panic("rego: OPA has no built-in " + name)
	}
	topdown.RegisterBuiltinFunc(name, func(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
		if msg := check(operands); msg != "" {
			return limitError(bctx, name, msg)
		}
		return orig(bctx, operands, iter)
	})
}

// limitError stops the evaluation (a Halt is not swallowed as undefined)
// with an error at the call.
func limitError(bctx topdown.BuiltinContext, name, msg string) error {
	return topdown.Halt{Err: &topdown.Error{Code: topdown.BuiltinErr, Message: name + ": " + msg, Location: bctx.Location}}
}

func tooMany(n any, what string) string {
	return fmt.Sprintf("%v %s; ecslint lets one call make at most %d", n, what, MaxCollection)
}

func tooLong(n any) string {
	return fmt.Sprintf("a result of %v bytes; ecslint lets one call make at most %s", n, safeio.FormatSize(MaxString))
}

func str(t *ast.Term) (string, bool) {
	s, ok := t.Value.(ast.String)
	return string(s), ok
}

func checkRange(withStep bool) sizeCheck {
	return func(ops []*ast.Term) string {
		x, err := builtins.BigIntOperand(ops[0].Value, 1)
		if err != nil {
			return ""
		}
		y, err := builtins.BigIntOperand(ops[1].Value, 2)
		if err != nil {
			return ""
		}
		step := big.NewInt(1)
		if withStep {
			if step, err = builtins.BigIntOperand(ops[2].Value, 3); err != nil || step.Sign() <= 0 {
				return ""
			}
		}
		n := new(big.Int).Sub(y, x)
		n.Abs(n).Quo(n, step).Add(n, big.NewInt(1))
		if n.Cmp(big.NewInt(MaxCollection)) > 0 {
			return tooMany(n, "numbers")
		}
		return ""
	}
}

// parts is how many pieces splitting s at every sep makes.
func parts(s, sep string) int {
	if sep == "" {
		return utf8.RuneCountInString(s)
	}
	return strings.Count(s, sep) + 1
}

func checkSplit(ops []*ast.Term) string {
	s, ok1 := str(ops[0])
	d, ok2 := str(ops[1])
	if !ok1 || !ok2 || len(s) < MaxCollection {
		return ""
	}
	if n := parts(s, d); n > MaxCollection {
		return tooMany(n, "parts")
	}
	return ""
}

func checkSplitN(ops []*ast.Term) string {
	s, ok1 := str(ops[0])
	d, ok2 := str(ops[1])
	n, err := builtins.IntOperand(ops[2].Value, 3)
	if !ok1 || !ok2 || err != nil || len(s) < MaxCollection || n >= 0 && n <= MaxCollection {
		return ""
	}
	if p := parts(s, d); p > MaxCollection {
		return tooMany(p, "parts")
	}
	return ""
}

func checkIndexOfN(ops []*ast.Term) string {
	s, ok1 := str(ops[0])
	sub, ok2 := str(ops[1])
	if !ok1 || !ok2 || sub == "" || len(s) < MaxCollection {
		return ""
	}
	if n := strings.Count(s, sub); n > MaxCollection {
		return tooMany(n, "positions")
	}
	return ""
}

// matches counts the matches of re in s, up to max+1.
func matches(re *regexp.Regexp, s string, limit int) int {
	n := 0
	for pos := 0; pos <= len(s) && n <= limit; {
		loc := re.FindStringIndex(s[pos:])
		if loc == nil {
			break
		}
		n++
		next := pos + loc[1]
		if loc[1] == loc[0] { // an empty match: move on one character
			_, size := utf8.DecodeRuneInString(s[next:])
			next += max(size, 1)
		}
		pos = next
	}
	return n
}

// checkRegexCount limits the results of a regex built-in whose pattern is
// operand pat, text operand text, and limit operand n (-1: none).
func checkRegexCount(pat, text, n int) sizeCheck {
	return func(ops []*ast.Term) string {
		p, ok1 := str(ops[pat])
		s, ok2 := str(ops[text])
		if !ok1 || !ok2 || len(s) < MaxCollection {
			return ""
		}
		if n >= 0 {
			if k, err := builtins.IntOperand(ops[n].Value, n+1); err != nil || k >= 0 && k <= MaxCollection {
				return ""
			}
		}
		re, err := regexp.Compile(p)
		if err != nil {
			return ""
		}
		if m := matches(re, s, MaxCollection); m >= MaxCollection {
			return tooMany(fmt.Sprintf("more than %d", m-1), "matches")
		}
		return ""
	}
}

func checkReplace(ops []*ast.Term) string {
	s, ok1 := str(ops[0])
	old, ok2 := str(ops[1])
	repl, ok3 := str(ops[2])
	if !ok1 || !ok2 || !ok3 || len(repl) <= len(old) {
		return ""
	}
	n := int64(strings.Count(s, old))
	if size := int64(len(s)) + n*int64(len(repl)-len(old)); n > 0 && size > MaxString {
		return tooLong(size)
	}
	return ""
}

// countWriter counts what is written to it and fails past limit.
type countWriter struct{ n, limit int64 }

var errTooLong = errors.New("too long")

func (w *countWriter) Write(p []byte) (int, error) { return w.WriteString(string(p)) }

func (w *countWriter) WriteString(s string) (int, error) {
	w.n += int64(len(s))
	if w.n > w.limit {
		return 0, errTooLong
	}
	return len(s), nil
}

func checkReplaceN(ops []*ast.Term) string {
	patterns, ok1 := ops[0].Value.(ast.Object)
	s, ok2 := str(ops[1])
	if !ok1 || !ok2 {
		return ""
	}
	longest := 0
	pairs := make([]string, 0, 2*patterns.Len())
	for _, k := range util.SortedFunc(patterns.Keys(), ast.TermValueCompare) {
		key, ok1 := str(k)
		val, ok2 := str(patterns.Get(k))
		if !ok1 || !ok2 {
			return ""
		}
		longest = max(longest, len(val))
		pairs = append(pairs, key, val)
	}
	// Every byte replaced by the longest value, and one more at the end for
	// an empty pattern, is the most the result can be.
	if int64(len(s)+1)*int64(longest+1) <= MaxString {
		return ""
	}
	w := &countWriter{limit: MaxString}
	if _, err := strings.NewReplacer(pairs...).WriteString(w, s); err != nil {
		return tooLong(fmt.Sprintf("more than %d", w.limit))
	}
	return ""
}

func checkRegexReplace(ops []*ast.Term) string {
	s, ok1 := str(ops[0])
	p, ok2 := str(ops[1])
	value, ok3 := str(ops[2])
	if !ok1 || !ok2 || !ok3 {
		return ""
	}
	refs := int64(strings.Count(value, "$"))
	if bound := int64(len(s)) + int64(len(s)+1)*(int64(len(value))+refs*int64(len(s))); bound <= MaxString {
		return ""
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return ""
	}
	size := int64(len(s))
	var buf []byte
	for pos := 0; pos <= len(s); {
		loc := re.FindStringSubmatchIndex(s[pos:])
		if loc == nil {
			break
		}
		buf = re.ExpandString(buf[:0], value, s[pos:], loc)
		if size += int64(len(buf)); size > MaxString {
			return tooLong(fmt.Sprintf("more than %d", int64(MaxString)))
		}
		next := pos + loc[1]
		if loc[1] == loc[0] {
			_, n := utf8.DecodeRuneInString(s[next:])
			next += max(n, 1)
		}
		pos = next
	}
	return ""
}

func checkConcat(ops []*ast.Term) string {
	delim, ok := str(ops[0])
	if !ok {
		return ""
	}
	var size, n int64
	add := func(t *ast.Term) {
		if s, ok := str(t); ok {
			size += int64(len(s))
		}
		n++
	}
	switch c := ops[1].Value.(type) {
	case *ast.Array:
		c.Foreach(add)
	case ast.Set:
		c.Foreach(add)
	default:
		return ""
	}
	if n > 1 {
		size += (n - 1) * int64(len(delim))
	}
	if size > MaxString {
		return tooLong(size)
	}
	return ""
}

// maxWidth is the widest width or precision fmt pads to.
const maxWidth = 1_000_000

// scanFormat returns the verbs of a fmt format, the padding its widths and
// precisions can add, and whether it reuses arguments ([n] or *).
func scanFormat(f string) (verbs, pad int64, reuse bool) {
	num := func(i int) (int64, int) {
		var n int64
		for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
			n = min(n*10+int64(f[i]-'0'), maxWidth)
		}
		return n, i
	}
	index := func(i int) int {
		if i < len(f) && f[i] == '[' {
			reuse = true
			if j := strings.IndexByte(f[i:], ']'); j >= 0 {
				return i + j + 1
			}
		}
		return i
	}
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		if i < len(f) && f[i] == '%' {
			continue
		}
		for i < len(f) && strings.IndexByte("+-# 0", f[i]) >= 0 {
			i++
		}
		i = index(i)
		var n int64
		if i < len(f) && f[i] == '*' {
			n, i, reuse = maxWidth, i+1, true
		} else {
			n, i = num(i)
		}
		pad += n
		if i < len(f) && f[i] == '.' {
			i = index(i + 1)
			if i < len(f) && f[i] == '*' {
				n, i, reuse = maxWidth, i+1, true
			} else {
				n, i = num(i)
			}
			pad += n
		}
		i = index(i)
		verbs++
		if i < len(f) {
			_, size := utf8.DecodeRuneInString(f[i:])
			i += size - 1
		}
	}
	return verbs, pad, reuse
}

// checkSprintf bounds what fmt writes: the format, padding, and each
// argument once (fmt prints unused ones as %!(EXTRA ...)), or as often as
// there are verbs when verbs reuse arguments.
func checkSprintf(ops []*ast.Term) string {
	format, ok1 := str(ops[0])
	args, ok2 := ops[1].Value.(*ast.Array)
	if !ok1 || !ok2 {
		return ""
	}
	verbs, pad, reuse := scanFormat(format)
	var sum, longest int64
	for i := range args.Len() {
		m := &measure{limit: MaxString}
		m.walk(args.Elem(i).Value, 0)
		sum += m.size
		longest = max(longest, m.size)
	}
	size := int64(len(format)) + pad + 32*verbs + sum
	if reuse || verbs > int64(args.Len()) {
		size += verbs * longest
	}
	if size > MaxString {
		return tooLong(fmt.Sprintf("up to %d", size))
	}
	return ""
}

// measure estimates the size of a value written as JSON, walking shared
// terms as often as they are referenced (an array of a thousand copies of
// one long string is small in memory, large when written), and stops
// counting past its limit.
type measure struct {
	size, values, depth, limit int64
}

func (m *measure) walk(v ast.Value, depth int64) {
	if m.size > m.limit {
		return
	}
	m.values++
	m.depth = max(m.depth, depth)
	switch x := v.(type) {
	case ast.String:
		m.size += int64(len(x)) + 2
	case ast.Number:
		m.size += int64(len(x))
	case *ast.Array:
		m.size += 2
		x.Foreach(func(t *ast.Term) { m.size++; m.walk(t.Value, depth+1) })
	case ast.Set:
		m.size += 2
		x.Foreach(func(t *ast.Term) { m.size++; m.walk(t.Value, depth+1) })
	case ast.Object:
		m.size += 2
		x.Foreach(func(k, val *ast.Term) { m.size += 2; m.walk(k.Value, depth+1); m.walk(val.Value, depth+1) })
	default:
		m.size += 5 // true, false, null
	}
}

func checkMarshal(withOptions bool) sizeCheck {
	return func(ops []*ast.Term) string {
		m := &measure{limit: MaxString}
		m.walk(ops[0].Value, 0)
		size := m.size
		if withOptions {
			opts, ok := ops[1].Value.(ast.Object)
			if !ok {
				return ""
			}
			indent, prefix := "\t", ""
			if t := opts.Get(ast.StringTerm("indent")); t != nil {
				indent, _ = str(t)
			}
			if t := opts.Get(ast.StringTerm("prefix")); t != nil {
				prefix, _ = str(t)
			}
			// Every value on its own line, as deep as the deepest one.
			size += m.values * (1 + int64(len(prefix)) + m.depth*int64(len(indent)))
		}
		if size > MaxString {
			return tooLong(fmt.Sprintf("more than %d", size))
		}
		return ""
	}
}

func checkUnmarshal(ops []*ast.Term) string {
	s, ok := str(ops[0])
	if !ok {
		return ""
	}
	if len(s) > MaxString {
		return fmt.Sprintf("a text of %d bytes; ecslint lets one call decode at most %s", len(s), safeio.FormatSize(MaxString))
	}
	if len(s) < MaxCollection {
		return ""
	}
	// Every value but the first follows one of these characters.
	n := 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '[', '{', '\n', '-':
			n++
		}
	}
	if n > MaxCollection {
		return tooMany(fmt.Sprintf("up to %d", n), "values")
	}
	return ""
}

func checkShift(ops []*ast.Term) string {
	x, err1 := builtins.BigIntOperand(ops[0].Value, 1)
	s, err2 := builtins.BigIntOperand(ops[1].Value, 2)
	if err1 != nil || err2 != nil || s.Sign() < 0 {
		return ""
	}
	if bits := new(big.Int).Add(s, big.NewInt(int64(x.BitLen()))); bits.Cmp(big.NewInt(maxBits)) > 0 {
		return fmt.Sprintf("an integer of %v bits; ecslint lets one call make at most %d", bits, maxBits)
	}
	return ""
}

// limitedBuffer is a buffer that fails writes past MaxString.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > MaxString {
		return 0, errTooLong
	}
	return b.Buffer.Write(p)
}

// renderTemplate is OPA's strings.render_template writing to a buffer that
// stops the template past MaxString. (A template that loops without
// writing cannot be stopped from here; the engine stops waiting for it at
// the timeout.)
func renderTemplate(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	text, err := builtins.StringOperand(operands[0].Value, 1)
	if err != nil {
		return err
	}
	vars, err := builtins.ObjectOperand(operands[1].Value, 2)
	if err != nil {
		return err
	}
	var data map[string]any
	if err := ast.As(vars, &data); err != nil {
		return err
	}
	tmpl, err := template.New("template").Parse(string(text))
	if err != nil {
		return err
	}
	var buf limitedBuffer
	if err := tmpl.Execute(&buf, data); err != nil {
		if errors.Is(err, errTooLong) {
			return limitError(bctx, ast.RenderTemplate.Name, tooLong(fmt.Sprintf("more than %d", int64(MaxString))))
		}
		return err
	}
	return iter(ast.StringTerm(strings.ReplaceAll(buf.String(), "<no value>", "<undefined>")))
}

// reachablePaths is OPA's graph.reachable_paths with a limit: a graph of
// a few dozen nodes has more paths than memory can hold.
func reachablePaths(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	graph, err := builtins.ObjectOperand(operands[0].Value, 1)
	if err != nil {
		return err
	}
	var queue []*ast.Term
	switch initial := operands[1].Value.(type) {
	case *ast.Array:
		initial.Foreach(func(t *ast.Term) { queue = append(queue, t) })
	case ast.Set:
		queue = append(queue, initial.Slice()...)
	default:
		return builtins.NewOperandTypeErr(2, initial, "{array, set}")
	}
	b := &pathBuilder{graph: graph, result: ast.NewSet()}
	for _, node := range queue {
		edges := graph.Get(node)
		if edges == nil {
			continue
		}
		if vertexCount(edges) == 0 {
			b.add([]*ast.Term{node})
			continue
		}
		foreachVertex(edges, func(next *ast.Term) { b.build(next, []*ast.Term{node}, ast.NewSet(node)) })
	}
	if b.steps > MaxCollection {
		return limitError(bctx, ast.ReachablePathsBuiltin.Name, tooMany(fmt.Sprintf("more than %d", MaxCollection), "nodes in paths"))
	}
	return iter(ast.NewTerm(b.result))
}

type pathBuilder struct {
	graph  ast.Object
	result ast.Set
	steps  int // nodes in the paths found so far
}

func (b *pathBuilder) add(path []*ast.Term) {
	b.steps += len(path)
	if b.steps <= MaxCollection {
		b.result.Add(ast.ArrayTerm(path...))
	}
}

func (b *pathBuilder) build(root *ast.Term, path []*ast.Term, reached ast.Set) {
	if b.steps > MaxCollection {
		return
	}
	edges := b.graph.Get(root)
	if edges == nil { // not in the graph: the path ends before it
		b.add(path)
		return
	}
	path = append(path, root)
	if vertexCount(edges) == 0 {
		b.add(path)
		return
	}
	reached = reached.Copy()
	reached.Add(root)
	foreachVertex(edges, func(next *ast.Term) {
		if reached.Contains(next) { // a cycle: the path ends here
			b.add(path)
		} else {
			b.build(next, append([]*ast.Term(nil), path...), reached)
		}
	})
}

func foreachVertex(c *ast.Term, f func(*ast.Term)) {
	switch v := c.Value.(type) {
	case ast.Set:
		v.Foreach(f)
	case *ast.Array:
		v.Foreach(f)
	}
}

func vertexCount(c *ast.Term) int {
	switch v := c.Value.(type) {
	case ast.Set:
		return v.Len()
	case *ast.Array:
		return v.Len()
	}
	return 0
}
