package rego

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ecslint/ecslint/parser/jsonpos"
)

// value builds the Rego input document of in (DESIGN.md §3) as an OPA
// value: the document's body members, "kind", "file", "source",
// "resource" and "facts".
//
// A body member that is a *jsonpos.Node (a task definition read from JSON)
// is converted from the decoded tree directly, without an intermediate
// map[string]any, and object members whose value is null are left out: ECS
// treats a null member as absent, and so do the rules, which test presence
// with plain references. A body or facts member that is already an
// ast.Value (a value shared by many documents, built once) is used as is;
// other Go values go through ast.InterfaceToValue.
func (in Input) value() (ast.Value, error) {
	obj := ast.NewObject()
	for k, v := range in.Doc.Body {
		t, err := term(v)
		if err != nil {
			return nil, err
		}
		obj.Insert(ast.StringTerm(k), t)
	}
	obj.Insert(ast.StringTerm("kind"), ast.StringTerm(in.Doc.Kind))
	obj.Insert(ast.StringTerm("file"), ast.StringTerm(in.Doc.File))
	obj.Insert(ast.StringTerm("source"), ast.StringTerm(in.Doc.Source))
	obj.Insert(ast.StringTerm("resource"), ast.StringTerm(in.Doc.Resource))
	facts := ast.NewObject()
	for k, v := range in.Facts {
		t, err := term(v)
		if err != nil {
			return nil, err
		}
		facts.Insert(ast.StringTerm(k), t)
	}
	obj.Insert(ast.StringTerm("facts"), ast.NewTerm(facts))
	return obj, nil
}

// term converts one member of the input.
func term(v any) (*ast.Term, error) {
	switch x := v.(type) {
	case *jsonpos.Node:
		return nodeTerm(x), nil
	case ast.Value:
		return ast.NewTerm(x), nil
	}
	val, err := ast.InterfaceToValue(v)
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(val), nil
}

// nodeTerm converts a decoded JSON value: what ast.InterfaceToValue makes
// of n.Value(), without null object members.
func nodeTerm(n *jsonpos.Node) *ast.Term {
	switch n.Kind {
	case jsonpos.Bool:
		return ast.BooleanTerm(n.Bool)
	case jsonpos.Number:
		return ast.NumberTerm(n.Number())
	case jsonpos.String:
		return ast.StringTerm(n.Text)
	case jsonpos.Array:
		elems := make([]*ast.Term, len(n.Elems))
		for i, el := range n.Elems {
			elems[i] = nodeTerm(el)
		}
		return ast.ArrayTerm(elems...)
	case jsonpos.Object:
		live := n.Live()
		terms := make([][2]*ast.Term, 0, len(live))
		for _, m := range live {
			if m.Value.Kind == jsonpos.Null {
				continue
			}
			terms = append(terms, [2]*ast.Term{ast.StringTerm(m.Key), nodeTerm(m.Value)})
		}
		return ast.ObjectTerm(terms...)
	}
	return ast.NullTerm()
}
