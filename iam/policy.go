package iam

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/jsonpos"
)

// Statement is one policy statement, normalized: single values become
// lists, and only what identity-policy evaluation needs is kept.
type Statement struct {
	Effect       string   `json:"effect"`
	Actions      []string `json:"actions"`
	NotActions   []string `json:"notActions"`
	Resources    []string `json:"resources"`
	NotResources []string `json:"notResources"`
	// Conditional: the statement has a non-empty Condition. A conditional
	// Allow counts as allowed and a conditional Deny is ignored, so that
	// ecslint never reports a permission a condition might grant.
	Conditional bool `json:"conditional"`
}

// Policy is a parsed policy document.
type Policy struct {
	Name       string // policy name, or the file name of a bare policy
	ARN        string // managed policy ARN; "" for inline and bare policies
	Source     string // where it was read: "file:line:col", or a URL for the snapshot
	Statements []Statement
}

// parseDocument reads a policy document held by n: an object, or a string
// holding the JSON text, URL-encoded or not (the IAM API URL-encodes
// documents; the AWS CLI decodes them).
func parseDocument(file string, n *jsonpos.Node) ([]Statement, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != jsonpos.String {
		return statements(file, n)
	}
	text := n.Text
	if !strings.HasPrefix(strings.TrimSpace(text), "{") {
		dec, err := url.PathUnescape(text)
		if err != nil {
			return nil, parser.Errorf(file, n.Range.Start, "policy document is neither JSON nor URL-encoded JSON: %v", err)
		}
		text = dec
	}
	inner, err := jsonpos.Decode(file, []byte(text))
	var sts []Statement
	if err == nil {
		sts, err = statements(file, inner)
	}
	// Positions inside a decoded string are not positions in the file:
	// report at the string, and say where in the document.
	var pe *parser.Error
	if errors.As(err, &pe) {
		return nil, parser.Errorf(file, n.Range.Start, "policy document: %s (line %d, column %d of the decoded text)", pe.Msg, pe.Pos.Line, pe.Pos.Column)
	}
	return sts, err
}

// statements reads the Statement member of a policy document object.
func statements(file string, doc *jsonpos.Node) ([]Statement, error) {
	if doc.Kind != jsonpos.Object {
		return nil, parser.Errorf(file, doc.Range.Start, "policy document: want an object, got %s", doc.Kind)
	}
	st := doc.Get("Statement")
	if st == nil {
		return nil, parser.Errorf(file, doc.Range.Start, "policy document has no Statement")
	}
	var list []*jsonpos.Node
	switch st.Kind {
	case jsonpos.Object:
		list = []*jsonpos.Node{st}
	case jsonpos.Array:
		list = st.Elems
	default:
		return nil, parser.Errorf(file, st.Range.Start, "Statement: want an object or an array, got %s", st.Kind)
	}
	out := make([]Statement, 0, len(list))
	for _, n := range list {
		s, err := statement(file, n)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func statement(file string, n *jsonpos.Node) (Statement, error) {
	var s Statement
	if n.Kind != jsonpos.Object {
		return s, parser.Errorf(file, n.Range.Start, "statement: want an object, got %s", n.Kind)
	}
	eff := n.Get("Effect")
	if eff == nil || eff.Kind != jsonpos.String || (eff.Text != "Allow" && eff.Text != "Deny") {
		at := n.Range.Start
		if eff != nil {
			at = eff.Range.Start
		}
		return s, parser.Errorf(file, at, `statement: Effect must be "Allow" or "Deny"`)
	}
	s.Effect = eff.Text
	var err error
	for _, f := range []struct {
		key string
		dst *[]string
	}{
		{"Action", &s.Actions}, {"NotAction", &s.NotActions},
		{"Resource", &s.Resources}, {"NotResource", &s.NotResources},
	} {
		if *f.dst, err = stringOrList(file, f.key, n.Get(f.key)); err != nil {
			return s, err
		}
	}
	if n.Get("Action") != nil && n.Get("NotAction") != nil {
		return s, parser.Errorf(file, n.Get("NotAction").Range.Start, "statement: Action and NotAction are exclusive")
	}
	if n.Get("Resource") != nil && n.Get("NotResource") != nil {
		return s, parser.Errorf(file, n.Get("NotResource").Range.Start, "statement: Resource and NotResource are exclusive")
	}
	// An empty Condition ({} or null) conditions nothing.
	if c := n.Get("Condition"); c != nil && c.Kind != jsonpos.Null && (c.Kind != jsonpos.Object || len(c.Members) > 0) {
		s.Conditional = true
	}
	return s, nil
}

// stringOrList reads a policy element that is a string or a list of
// strings; absent is nil.
func stringOrList(file, key string, n *jsonpos.Node) ([]string, error) {
	if n == nil || n.Kind == jsonpos.Null {
		return nil, nil
	}
	switch n.Kind {
	case jsonpos.String:
		return []string{n.Text}, nil
	case jsonpos.Array:
		out := make([]string, 0, len(n.Elems))
		for _, el := range n.Elems {
			if el.Kind != jsonpos.String {
				return nil, parser.Errorf(file, el.Range.Start, "%s: want strings, got %s", key, el.Kind)
			}
			out = append(out, el.Text)
		}
		return out, nil
	}
	return nil, parser.Errorf(file, n.Range.Start, "%s: want a string or a list of strings, got %s", key, n.Kind)
}

// where formats a position for Policy.Source.
func where(file string, n *jsonpos.Node) string {
	if n == nil {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, n.Range.Start.Line, n.Range.Start.Column)
}
