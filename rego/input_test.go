package rego

import (
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ecslint/ecslint/parser/jsonpos"
)

// dropNulls removes the object members whose value is null, as the rules'
// input leaves them out.
func dropNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x == nil {
				delete(t, k)
				continue
			}
			dropNulls(x)
		}
	case []any:
		for _, x := range t {
			dropNulls(x)
		}
	}
	return v
}

// FuzzNodeTerm: converting a decoded JSON tree directly gives the value
// ast.InterfaceToValue gives for its plain Go values without null
// members; term agrees with ast.InterfaceToValue on plain Go values, and a
// Shared value converts to the same.
func FuzzNodeTerm(f *testing.F) {
	for _, s := range []string{
		`null`, `true`, `-12.5e+3`, `"x"`, `[1,[2,[null]],{}]`, `{"a":{"x":1},"a":[true,false,null]}`,
		`{"a":null,"b":{"c":null,"d":[null,{"e":null}]}}`, `{"k":1e40000,"n":12345678901234567890123}`,
		`{"containerDefinitions":[{"name":"app","image":"nginx:1.27","secrets":[{"name":"A","valueFrom":"x"}]}]}`,
		`{"a":1,"a":null}`, `{"a":null,"a":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		n, err := jsonpos.Decode("f.json", src)
		if err != nil {
			return
		}
		want, err := ast.InterfaceToValue(dropNulls(n.Value()))
		if err != nil {
			t.Fatal(err)
		}
		if got := nodeTerm(n).Value; got.Compare(want) != 0 {
			t.Fatalf("nodeTerm = %v, want %v", got, want)
		}
		var plain any
		if err := json.Unmarshal(src, &plain); err != nil {
			return
		}
		want, err = ast.InterfaceToValue(plain)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{plain, Share(plain)} {
			got, err := term(v)
			if err != nil {
				t.Fatal(err)
			}
			if got.Value.Compare(want) != 0 {
				t.Fatalf("term(%T) = %v, want %v", v, got.Value, want)
			}
		}
	})
}
