package rego

import (
	"sync"

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
// ast.Value is used as is, a *Shared is converted once for all the
// documents that share it; other Go values are converted as
// ast.InterfaceToValue converts them.
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

// Shared is a part of the input that many documents share, such as the
// facts of an image or of an execution role: it is converted to a Rego
// value once, by the first document that needs it, and the value is then
// read by every evaluation (OPA values are safe for concurrent reads).
// Nothing may change v after Share.
type Shared struct {
	once sync.Once
	v    any
	t    *ast.Term
	err  error
}

// Share wraps v, a value of the input built from plain Go values.
func Share(v any) *Shared { return &Shared{v: v} }

// term converts one member of the input: plain Go values as
// ast.InterfaceToValue does, a *jsonpos.Node with nodeTerm, an ast.Value as
// is, a *Shared once.
func term(v any) (*ast.Term, error) {
	switch x := v.(type) {
	case *jsonpos.Node:
		return nodeTerm(x), nil
	case ast.Value:
		return ast.NewTerm(x), nil
	case *Shared:
		x.once.Do(func() { x.t, x.err = term(x.v) })
		return x.t, x.err
	case map[string]any:
		terms := make([][2]*ast.Term, 0, len(x))
		for k, m := range x {
			t, err := term(m)
			if err != nil {
				return nil, err
			}
			terms = append(terms, [2]*ast.Term{ast.StringTerm(k), t})
		}
		return ast.ObjectTerm(terms...), nil
	case []any:
		elems := make([]*ast.Term, len(x))
		for i, el := range x {
			t, err := term(el)
			if err != nil {
				return nil, err
			}
			elems[i] = t
		}
		return ast.ArrayTerm(elems...), nil
	case string:
		return ast.StringTerm(x), nil
	case bool:
		return ast.BooleanTerm(x), nil
	case nil:
		return ast.NullTerm(), nil
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
