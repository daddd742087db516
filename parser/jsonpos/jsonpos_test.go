package jsonpos_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/jsonpos"
)

// rng renders a range as "line:col-line:col [start,end)".
func rng(r parser.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d [%d,%d)", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column, r.Start.Offset, r.End.Offset)
}

// indexOf decodes src and returns its index rendered as pointer -> range.
func indexOf(t *testing.T, src string) map[string]string {
	t.Helper()
	root, err := jsonpos.Decode("t.json", []byte(src))
	if err != nil {
		t.Fatalf("Decode(%q): %v", src, err)
	}
	ix := parser.NewIndex()
	root.Index(ix, nil)
	out := make(map[string]string, ix.Len())
	for _, k := range ix.Keys() {
		r, _ := ix.Get(pathOf(k))
		out[k] = rng(r)
	}
	return out
}

// pathOf turns a JSON pointer from Index.Keys back into a path; every
// element is a string, which renders to the same key as an int would.
func pathOf(key string) []any {
	if key == "" {
		return nil
	}
	var path []any
	for _, el := range strings.Split(key[1:], "/") {
		el = strings.ReplaceAll(el, "~1", "/")
		path = append(path, strings.ReplaceAll(el, "~0", "~"))
	}
	return path
}

func TestDecodePositions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want map[string]string
	}{
		{
			name: "simple",
			src:  `{"a": "x"}`,
			want: map[string]string{
				"":   "1:1-1:11 [0,10)",
				"/a": "1:7-1:10 [6,9)",
			},
		},
		{
			name: "multibyte before values",
			src:  `{"ключ": "日本", "b": [true]}`,
			want: map[string]string{
				"":      "1:1-1:28 [0,35)",
				"/ключ": "1:10-1:14 [13,21)",
				"/b":    "1:21-1:27 [28,34)",
				"/b/0":  "1:22-1:26 [29,33)",
			},
		},
		{
			name: "crlf",
			src:  "{\r\n  \"a\": [1,\r\n    2]\r\n}\r\n",
			want: map[string]string{
				"":     "1:1-4:2 [0,24)",
				"/a":   "2:8-3:7 [10,21)",
				"/a/0": "2:9-2:10 [11,12)",
				"/a/1": "3:5-3:6 [19,20)",
			},
		},
		{
			name: "lone cr",
			src:  "[\r1,\r\"x\"]",
			want: map[string]string{
				"":   "1:1-3:5 [0,9)",
				"/0": "2:1-2:2 [2,3)",
				"/1": "3:1-3:4 [5,8)",
			},
		},
		{
			// The BOM is skipped and, as in parser.Lines and editors, is
			// not a column of line 1.
			name: "bom",
			src:  "\xef\xbb\xbf{\"a\":null}",
			want: map[string]string{
				"":   "1:1-1:11 [3,13)",
				"/a": "1:6-1:10 [8,12)",
			},
		},
		{
			name: "nested arrays",
			src:  `[[1,[2]],[],[[[]]]]`,
			want: map[string]string{
				"":       "1:1-1:20 [0,19)",
				"/0":     "1:2-1:9 [1,8)",
				"/0/0":   "1:3-1:4 [2,3)",
				"/0/1":   "1:5-1:8 [4,7)",
				"/0/1/0": "1:6-1:7 [5,6)",
				"/1":     "1:10-1:12 [9,11)",
				"/2":     "1:13-1:19 [12,18)",
				"/2/0":   "1:14-1:18 [13,17)",
				"/2/0/0": "1:15-1:17 [14,16)",
			},
		},
		{
			name: "escapes tab and exponent",
			src:  "{\"k\\u00e9y\":\t-1.5e+3, \"s\":\"a\\\"b\"}",
			want: map[string]string{
				"":     "1:1-1:34 [0,33)",
				"/kéy": "1:14-1:21 [13,20)",
				"/s":   "1:27-1:33 [26,32)",
			},
		},
		{
			name: "scalar root with surrounding space",
			src:  "\n\n  \"x\"  \n",
			want: map[string]string{
				"": "3:3-3:6 [4,7)",
			},
		},
		{
			name: "keys needing pointer escapes",
			src:  `{"a/b":1,"c~d":2}`,
			want: map[string]string{
				"":      "1:1-1:18 [0,17)",
				"/a~1b": "1:8-1:9 [7,8)",
				"/c~0d": "1:16-1:17 [15,16)",
			},
		},
		{
			name: "duplicate keys index the last member only",
			src:  `{"a":{"x":1},"a":{"y":2}}`,
			want: map[string]string{
				"":     "1:1-1:26 [0,25)",
				"/a":   "1:18-1:25 [17,24)",
				"/a/y": "1:23-1:24 [22,23)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := indexOf(t, tt.src)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("index of %q:\n got %v\nwant %v", tt.src, got, tt.want)
			}
			// Every range agrees with parser.Lines.
			lines := parser.NewLines([]byte(tt.src))
			root, _ := jsonpos.Decode("t.json", []byte(tt.src))
			checkNode(t, []byte(tt.src), lines, root)
		})
	}
}

func TestIndexPrefix(t *testing.T) {
	root, err := jsonpos.Decode("t.json", []byte(`{"image":"nginx"}`))
	if err != nil {
		t.Fatal(err)
	}
	ix := parser.NewIndex()
	prefix := []any{"taskDefinition", "containerDefinitions", 0}
	root.Index(ix, prefix)
	r, ok := ix.Get([]any{"taskDefinition", "containerDefinitions", 0, "image"})
	if !ok || rng(r) != "1:10-1:17 [9,16)" {
		t.Errorf("image range = %s, %v", rng(r), ok)
	}
	if len(prefix) != 3 || prefix[2] != 0 {
		t.Errorf("prefix modified: %v", prefix)
	}
	if ix.Len() != 2 {
		t.Errorf("Len = %d, want 2: %v", ix.Len(), ix.Keys())
	}
}

// TestIndexDepthLimit checks that a pathologically deep input is indexed
// down to MaxIndexDepth levels only, and that deeper paths fall back to the
// deepest indexed ancestor.
func TestIndexDepthLimit(t *testing.T) {
	src := strings.Repeat("[", jsonpos.MaxDepth) + strings.Repeat("]", jsonpos.MaxDepth)
	root, err := jsonpos.Decode("f.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ix := parser.NewIndex()
	root.Index(ix, []any{"p"})
	if ix.Len() != jsonpos.MaxIndexDepth+1 {
		t.Fatalf("Len = %d, want %d", ix.Len(), jsonpos.MaxIndexDepth+1)
	}
	deep := []any{"p"}
	for range 200 {
		deep = append(deep, 0)
	}
	r, ok := ix.Lookup(deep)
	want := fmt.Sprintf("1:%d-1:%d [%d,%d)", jsonpos.MaxIndexDepth+1, 2*jsonpos.MaxDepth-jsonpos.MaxIndexDepth+1,
		jsonpos.MaxIndexDepth, 2*jsonpos.MaxDepth-jsonpos.MaxIndexDepth)
	if !ok || rng(r) != want {
		t.Errorf("Lookup(deep) = %s, %v; want %s", rng(r), ok, want)
	}
}

func TestNodeAccessors(t *testing.T) {
	src := `{"s":"v","n":10.50,"t":true,"f":false,"z":null,"a":[1,"x"],"o":{},"s":"w"}`
	root, err := jsonpos.Decode("t.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if root.Kind != jsonpos.Object || len(root.Members) != 8 {
		t.Fatalf("root = %v with %d members", root.Kind, len(root.Members))
	}
	if got := root.Get("s"); got == nil || got.Text != "w" {
		t.Errorf(`Get("s") = %+v, want the last duplicate "w"`, got)
	}
	if root.Get("missing") != nil || root.Get("a").Get("x") != nil {
		t.Error("Get of a missing key or on a non-object should be nil")
	}
	kinds := map[string]jsonpos.Kind{"n": jsonpos.Number, "t": jsonpos.Bool, "f": jsonpos.Bool,
		"z": jsonpos.Null, "a": jsonpos.Array, "o": jsonpos.Object}
	for k, want := range kinds {
		if got := root.Get(k).Kind; got != want {
			t.Errorf("%s: kind %v, want %v", k, got, want)
		}
	}
	if root.Get("n").Text != "10.50" || !root.Get("t").Bool || root.Get("f").Bool {
		t.Error("scalar values wrong")
	}
	if m := root.Members[1]; m.Key != "n" || rng(m.KeyRange) != "1:10-1:13 [9,12)" {
		t.Errorf("member 1 = %q at %s", m.Key, rng(m.KeyRange))
	}
	want := map[string]any{"s": "w", "n": json.Number("10.50"), "t": true, "f": false, "z": nil,
		"a": []any{json.Number("1"), "x"}, "o": map[string]any{}}
	if got := root.Value(); !reflect.DeepEqual(got, want) {
		t.Errorf("Value = %#v\nwant %#v", got, want)
	}
	if jsonpos.Object.String() != "object" || jsonpos.Bool.String() != "boolean" {
		t.Error("Kind.String")
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		src     string
		pos     string // line:col@offset
		message string
	}{
		{"", "1:1@0", "unexpected end of input, expected value"},
		{"  \n ", "2:2@4", "unexpected end of input, expected value"},
		{`{"image": @VERSION@}`, "1:11@10", "invalid character '@' looking for beginning of value"},
		{`{"a":1`, "1:7@6", "unexpected end of input, expected ',' or '}'"},
		{`{"a":1 "b":2}`, "1:8@7", `invalid character '"' after object member, expected ',' or '}'`},
		{"{\r\n  \"a\": 1\r\n  \"b\": 2\r\n}", "3:3@15", `invalid character '"' after object member, expected ',' or '}'`},
		{`[1,]`, "1:4@3", "invalid character ']' looking for beginning of value"},
		{`[1 2]`, "1:4@3", "invalid character '2' after array element, expected ',' or ']'"},
		{`{"a" 1}`, "1:6@5", "invalid character '1' after object key, expected ':'"},
		{`{,}`, "1:2@1", "invalid character ',' looking for beginning of object key string"},
		{`{"a":1,}`, "1:8@7", "invalid character '}' looking for beginning of object key string"},
		{`{"a":1,`, "1:8@7", "unexpected end of input, expected object key"},
		{`{"a"`, "1:5@4", "unexpected end of input, expected ':'"},
		{`[`, "1:2@1", "unexpected end of input, expected value or ']'"},
		{`[1`, "1:3@2", "unexpected end of input, expected ',' or ']'"},
		{`{`, "1:2@1", "unexpected end of input, expected object key or '}'"},
		{`"a\x"`, "1:4@3", "invalid escape character 'x' in string literal"},
		{`"\u12G4"`, "1:6@5", `invalid character 'G' in \u escape, expected a hexadecimal digit`},
		{`"\u12`, "1:6@5", `unexpected end of input in \u escape`},
		{`"\`, "1:3@2", "unexpected end of input in string escape"},
		{"\"a\nb\"", "1:3@2", `invalid character '\n' in string literal`},
		{"\"a\tb\"", "1:3@2", `invalid character '\t' in string literal`},
		{`"abc`, "1:5@4", "unexpected end of input in string literal"},
		{`tru`, "1:4@3", "unexpected end of input in literal true (expecting 'e')"},
		{`nul1`, "1:4@3", "invalid character '1' in literal null (expecting 'l')"},
		{`fals`, "1:5@4", "unexpected end of input in literal false (expecting 'e')"},
		{`truex`, "1:5@4", "invalid character 'x' after top-level value"},
		{`01`, "1:2@1", "invalid character '1' after top-level value"},
		{`-`, "1:2@1", "unexpected end of input in numeric literal"},
		{`-a`, "1:2@1", "invalid character 'a' in numeric literal"},
		{`1.e5`, "1:3@2", "invalid character 'e' after decimal point in numeric literal"},
		{`1.`, "1:3@2", "unexpected end of input after decimal point in numeric literal"},
		{`1e+`, "1:4@3", "unexpected end of input in exponent of numeric literal"},
		{`1E+x`, "1:4@3", "invalid character 'x' in exponent of numeric literal"},
		{`+1`, "1:1@0", "invalid character '+' looking for beginning of value"},
		{`'a'`, "1:1@0", `invalid character '\'' looking for beginning of value`},
		{`{"ключ": é}`, "1:10@13", "invalid character 'é' looking for beginning of value"},
		{"[\xff]", "1:2@1", `invalid character '\xff' looking for beginning of value`},
		{"\xef\xbb\xbf\xef\xbb\xbf1", "1:1@3", `invalid character '\ufeff' looking for beginning of value`},
		{`[1] x`, "1:5@4", "invalid character 'x' after top-level value"},
		{`{"a":1}}`, "1:8@7", "invalid character '}' after top-level value"},
		{"{\"a\": {{ must_env `X` }}}", "1:8@7", "invalid character '{' looking for beginning of object key string"},
		{strings.Repeat("[", jsonpos.MaxDepth+1), "1:10001@10000", "exceeded max nesting depth 10000"},
		{strings.Repeat(`{"a":`, jsonpos.MaxDepth+1), "1:50001@50000", "exceeded max nesting depth 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.src[:min(len(tt.src), 24)], func(t *testing.T) {
			root, err := jsonpos.Decode("f.json", []byte(tt.src))
			var perr *parser.Error
			if !errors.As(err, &perr) {
				t.Fatalf("Decode(%q) = %v, %v; want a *parser.Error", tt.src, root, err)
			}
			got := fmt.Sprintf("%d:%d@%d", perr.Pos.Line, perr.Pos.Column, perr.Pos.Offset)
			if got != tt.pos || perr.Msg != tt.message || perr.File != "f.json" {
				t.Errorf("Decode(%q):\n got %s %s: %s\nwant %s %s", tt.src, perr.File, got, perr.Msg, tt.pos, tt.message)
			}
			if root != nil {
				t.Error("root should be nil on error")
			}
			if json.Valid([]byte(tt.src)) {
				t.Error("encoding/json accepts this input")
			}
		})
	}
}

func TestMaxDepthAccepted(t *testing.T) {
	src := strings.Repeat("[", jsonpos.MaxDepth) + strings.Repeat("]", jsonpos.MaxDepth)
	if _, err := jsonpos.Decode("f.json", []byte(src)); err != nil {
		t.Fatal(err)
	}
	if !json.Valid([]byte(src)) {
		t.Fatal("encoding/json disagrees on the depth limit")
	}
}

// TestAgreement checks inputs where decoders commonly differ.
func TestAgreement(t *testing.T) {
	inputs := []string{
		`"\ud83d\ude00"`,       // surrogate pair
		`"\ud83d"`,             // lone high surrogate
		`"\ude00\ud83d"`,       // reversed pair
		`"\ud83d\u0041"`,       // high surrogate then a non-surrogate
		`"\ud83d\ud83d\ude00"`, // two highs then a low
		"\"\xff\xfe a\"",       // invalid UTF-8
		"\"\xed\xa0\x80\"",     // UTF-8-encoded surrogate
		"\"\xe6\x97\xa5\xe6\"", // truncated sequence
		`"\u0000\b\f\n\r\t\/"`, // every escape
		`{"\u00e9":1,"é":2}`,   // keys equal after decoding
		`[-0, 0.0, 1e400, -1E-7]`,
		`[1e40000, -1e40000, 1e-40000, 0e99999, 1e1000, 1e1001, 9.99999999999999999999e1000, 1e-1000, 1e-1001]`,
		`[` + strings.Repeat("1", 200) + `, -0.` + strings.Repeat("0", 200) + `1, ` + strings.Repeat("9", 150) + `e850]`,
		`{"a":[],"b":{},"c":[{}]}`,
		"\xef\xbb\xbf [ ] ",
		`"` + strings.Repeat("é", 100) + `\n"`,
	}
	for _, in := range inputs {
		checkAgreement(t, []byte(in))
	}
}

// checkAgreement asserts that Decode agrees with encoding/json on src and
// that every range it returns is consistent with parser.Lines.
func checkAgreement(t *testing.T, src []byte) {
	t.Helper()
	root, err := jsonpos.Decode("f.json", src)
	plain := src
	skip := 0
	if len(src) >= 3 && string(src[:3]) == "\xef\xbb\xbf" {
		plain, skip = src[3:], 3
	}
	valid := json.Valid(plain)
	if (err == nil) != valid {
		t.Fatalf("Decode(%q) err = %v, json.Valid = %v", src, err, valid)
	}
	lines := parser.NewLines(src)
	if err != nil {
		var perr *parser.Error
		if !errors.As(err, &perr) {
			t.Fatalf("Decode(%q): %T is not a *parser.Error", src, err)
		}
		if perr.Pos != lines.Pos(perr.Pos.Offset) {
			t.Fatalf("Decode(%q): error position %+v, parser.Lines says %+v", src, perr.Pos, lines.Pos(perr.Pos.Offset))
		}
		var v any
		var serr *json.SyntaxError
		if uerr := json.Unmarshal(plain, &v); errors.As(uerr, &serr) {
			// encoding/json counts the bytes read including the bad one.
			want := int(serr.Offset) - 1 + skip
			if perr.Pos.Offset == len(src) {
				want = int(serr.Offset) + skip
			}
			if perr.Pos.Offset != want {
				t.Fatalf("Decode(%q): error at offset %d (%s), encoding/json at %d (%s)", src, perr.Pos.Offset, perr.Msg, serr.Offset, serr)
			}
		}
		return
	}
	dec := json.NewDecoder(strings.NewReader(string(plain)))
	dec.UseNumber()
	var want any
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	if got := root.Value(); !sameValue(got, want) {
		t.Fatalf("Decode(%q).Value() = %#v\nencoding/json: %#v", src, got, want)
	}
	checkNode(t, src, lines, root)
}

// sameValue reports whether got, from Value, equals want, from
// encoding/json, but for the numbers Value bounds (numberAgrees).
func sameValue(got, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			if gv, ok := g[k]; !ok || !sameValue(gv, wv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameValue(g[i], w[i]) {
				return false
			}
		}
		return true
	case json.Number:
		g, ok := got.(json.Number)
		return ok && numberAgrees(string(g), string(w)) == nil
	}
	return reflect.DeepEqual(got, want)
}

// numberAgrees checks that got is what Value may make of the literal want:
// want itself when it is at most MaxNumberLen bytes and its exponent in
// scientific notation within ±MaxNumberExp; otherwise a literal of at most
// 25 bytes, "0" for a zero or a number closer to zero than 1e-1000,
// ±1e1001 for one of magnitude 1e1001 or more, and want rounded to 17
// significant digits in between. It classifies want exactly (big.Int
// exponents) and independently of jsonpos.
func numberAgrees(got, want string) error {
	neg := want[0] == '-'
	mant, litExp := strings.TrimPrefix(want, "-"), new(big.Int)
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		litExp.SetString(strings.TrimPrefix(mant[i+1:], "+"), 10)
		mant = mant[:i]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	first := strings.IndexFunc(digits, func(r rune) bool { return r != '0' })
	limit := big.NewInt(jsonpos.MaxNumberExp)
	inRange := func(e *big.Int) bool { return e.CmpAbs(limit) <= 0 }
	if first < 0 { // zero
		if len(want) <= jsonpos.MaxNumberLen && inRange(litExp) {
			if got != want {
				return fmt.Errorf("%q became %q", want, got)
			}
		} else if got != "0" {
			return fmt.Errorf("zero %.40q became %q, want 0", want, got)
		}
		return nil
	}
	sci := new(big.Int).Add(litExp, big.NewInt(int64(len(intPart)-1-first)))
	switch {
	case len(want) <= jsonpos.MaxNumberLen && inRange(sci):
		if got != want {
			return fmt.Errorf("%q became %q", want, got)
		}
	case len(got) > 25:
		return fmt.Errorf("%.40q became %q, longer than 25 bytes", want, got)
	case sci.Cmp(limit) > 0:
		sat := "1e1001"
		if neg {
			sat = "-" + sat
		}
		if got != sat {
			return fmt.Errorf("%.40q became %q, want %s", want, got, sat)
		}
	case sci.Cmp(new(big.Int).Neg(limit)) < 0:
		if got != "0" {
			return fmt.Errorf("%.40q became %q, want 0", want, got)
		}
	default:
		w, _, err1 := big.ParseFloat(want, 10, 256, big.ToNearestEven)
		g, _, err2 := big.ParseFloat(got, 10, 256, big.ToNearestEven)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("%.40q became %q: %w, %w", want, got, err1, err2)
		}
		diff := new(big.Float).Sub(g, w)
		tol := new(big.Float).Mul(w, big.NewFloat(1e-16))
		if diff.Abs(diff).Cmp(tol.Abs(tol)) > 0 {
			return fmt.Errorf("%.40q became %q, more than 1e-16 off", want, got)
		}
	}
	return nil
}

// checkNode asserts that n and its descendants have ranges inside src that
// agree with parser.Lines and delimit exactly the value's literal.
func checkNode(t *testing.T, src []byte, lines *parser.Lines, n *jsonpos.Node) {
	t.Helper()
	checkRange(t, src, lines, n.Range)
	lit := src[n.Range.Start.Offset:n.Range.End.Offset]
	switch n.Kind {
	case jsonpos.Object:
		if lit[0] != '{' || lit[len(lit)-1] != '}' {
			t.Fatalf("object range %s holds %q", rng(n.Range), lit)
		}
		for _, m := range n.Members {
			checkRange(t, src, lines, m.KeyRange)
			var key string
			if err := json.Unmarshal(src[m.KeyRange.Start.Offset:m.KeyRange.End.Offset], &key); err != nil || key != m.Key {
				t.Fatalf("key range %s holds %q, want key %q (%v)", rng(m.KeyRange), src[m.KeyRange.Start.Offset:m.KeyRange.End.Offset], m.Key, err)
			}
			if m.KeyRange.End.Offset > m.Value.Range.Start.Offset {
				t.Fatalf("key %q ends after its value starts", m.Key)
			}
			checkNode(t, src, lines, m.Value)
		}
	case jsonpos.Array:
		if lit[0] != '[' || lit[len(lit)-1] != ']' {
			t.Fatalf("array range %s holds %q", rng(n.Range), lit)
		}
		for _, el := range n.Elems {
			checkNode(t, src, lines, el)
		}
	case jsonpos.String:
		var s string
		if err := json.Unmarshal(lit, &s); err != nil || s != n.Text {
			t.Fatalf("string range %s holds %q, want %q (%v)", rng(n.Range), lit, n.Text, err)
		}
	case jsonpos.Number:
		if string(lit) != n.Text {
			t.Fatalf("number range %s holds %q, want %q", rng(n.Range), lit, n.Text)
		}
	case jsonpos.Bool:
		if string(lit) != fmt.Sprint(n.Bool) {
			t.Fatalf("bool range %s holds %q", rng(n.Range), lit)
		}
	case jsonpos.Null:
		if string(lit) != "null" {
			t.Fatalf("null range %s holds %q", rng(n.Range), lit)
		}
	}
}

func checkRange(t *testing.T, src []byte, lines *parser.Lines, r parser.Range) {
	t.Helper()
	if r.Start.Offset < 0 || r.Start.Offset >= r.End.Offset || r.End.Offset > len(src) {
		t.Fatalf("range %s out of bounds (len %d)", rng(r), len(src))
	}
	if r.Start != lines.Pos(r.Start.Offset) || r.End != lines.Pos(r.End.Offset) {
		t.Fatalf("range %s, parser.Lines says %s", rng(r), rng(lines.Range(r.Start.Offset, r.End.Offset)))
	}
}
