package jsonpos_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ecslint/ecslint/parser/jsonpos"
)

// TestValueBoundsNumbers: numbers are passed on as written unless they are
// absurdly long or large, and then as a short literal.
func TestValueBoundsNumbers(t *testing.T) {
	long := strings.Repeat("1", 200)
	for lit, want := range map[string]string{
		"512":                                  "512",
		"-1.50e3":                              "-1.50e3",
		"1e400":                                "1e400",
		"1e1000":                               "1e1000",
		"1e1001":                               "1e1001",
		"1.5e1001":                             "1e1001",
		"1e40000":                              "1e1001",
		"-1E+40000":                            "-1e1001",
		"1e-1000":                              "1e-1000",
		"1e-1001":                              "0",
		"-1e-40000":                            "0",
		"0e99999":                              "0",
		"0.0e-5":                               "0.0e-5",
		"1e00000000000000000000000000003":      "1e00000000000000000000000000003",
		"1e99999999999999999999999999999":      "1e1001",
		long:                                   "1.1111111111111111e199",
		"-" + long + "e-150":                   "-1.1111111111111111e49",
		"0." + strings.Repeat("0", 120) + "25": "2.5e-121",
		strings.Repeat("9", 120):               "1e120",
		strings.Repeat("9", 120) + "e881":      "1e1001",
		"12345678901234567" + strings.Repeat("4", 90): "1.2345678901234567e106",
		"12345678901234567" + strings.Repeat("5", 90): "1.2345678901234568e106",
		"10000000000000000" + strings.Repeat("0", 90): "1e106",
	} {
		root, err := jsonpos.Decode("n.json", []byte(lit))
		if err != nil {
			t.Fatalf("Decode(%.40q): %v", lit, err)
		}
		if got := root.Value(); got != json.Number(want) {
			t.Errorf("Value(%.40q) = %q, want %q", lit, got, want)
		}
		if root.Text != lit {
			t.Errorf("Text = %.40q, want the literal", root.Text)
		}
	}
}

// TestHugeNumbers: 8 MB of digits with an exponent decode and convert in
// linear time, and OPA accepts what Value makes of them at once (it took
// 137 s and then refused the number, losing the file's findings).
func TestHugeNumbers(t *testing.T) {
	digits := strings.Repeat("7", 8<<20)
	for _, tt := range []struct{ lit, want string }{
		{digits + "e5", "1e1001"},
		{digits + "e-8388600", "7.7777777777777778e7"},
		{"0." + digits + "e-5", "7.7777777777777778e-6"},
		{"1e40000", "1e1001"},
	} {
		src := []byte(`{"containerDefinitions":[{"name":"a","image":"nginx","memory":` + tt.lit + `}]}`)
		start := time.Now()
		root, err := jsonpos.Decode("n.json", src)
		if err != nil {
			t.Fatal(err)
		}
		v := root.Value()
		value, err := ast.InterfaceToValue(v)
		elapsed := time.Since(start)
		if err != nil {
			t.Fatalf("%.20q...: OPA refuses the input: %v", tt.lit, err)
		}
		mem, _ := value.(ast.Object).Get(ast.StringTerm("containerDefinitions")).Value.(*ast.Array).Elem(0).Value.(ast.Object).Get(ast.StringTerm("memory")).Value.(ast.Number)
		if string(mem) != tt.want {
			t.Errorf("%.20q...: memory = %q, want %q", tt.lit, mem, tt.want)
		}
		t.Logf("%d bytes: %v", len(src), elapsed)
		// Linear work takes milliseconds; the quadratic check took minutes
		// (the value test above is what fails: OPA refused the number).
	}
}
