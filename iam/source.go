package iam

import (
	"bytes"
	"encoding/json"
	"path"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/jsonpos"
)

// Kind is what an IAM source file holds.
type Kind int

// The kinds of IAM source.
const (
	NotSource            Kind = iota
	AuthorizationDetails      // aws iam get-account-authorization-details
	PolicyDocument            // a bare policy document
	SecretListing             // describe-secret, list-secrets, describe-parameters
)

func (k Kind) String() string {
	switch k {
	case AuthorizationDetails:
		return "IAM authorization details"
	case PolicyDocument:
		return "policy document"
	case SecretListing:
		return "secret listing"
	}
	return "not an IAM source"
}

// Role is an IAM role with the policies found for it.
type Role struct {
	ARN      string
	Name     string
	Inline   []*Policy
	Attached []string // managed policy ARNs
	Boundary string   // permissions boundary ARN, if any
	Sources  []string // files that describe the role
}

// SecretKey says which KMS key protects a secret or parameter.
type SecretKey struct {
	Service string // "secretsmanager" or "ssm"
	ARN     string // secret or parameter ARN, when the listing gives it
	Name    string // secret name (no suffix) or parameter name
	// KMSKey is the KmsKeyId / KeyId as listed: a key ARN, key id, alias
	// name or alias ARN. "" or an aws/ alias means an AWS managed key.
	KMSKey string
	Source string
}

// Source is what one file contributes to the index.
type Source struct {
	File     string
	Kind     Kind
	Roles    []*Role
	Policies []*Policy // managed policies (with ARN), or the one bare policy
	Keys     []SecretKey
}

// Sniff tells whether src is an IAM source a walk should read:
// authorization details or a secret listing. Bare policy documents are read
// only when configuration names them, so Sniff does not report them. A
// cheap text test comes first; only candidates are decoded, and their
// shape must match, so that look-alikes (a CloudFormation template with
// Parameters) stay out.
func Sniff(src []byte) Kind {
	head := src[:min(len(src), 1<<16)]
	if !bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\ufeff"), []byte("{")) {
		return NotSource
	}
	words := []string{`"RoleDetailList"`, `"PolicyVersionList"`, `"UserDetailList"`, `"GroupDetailList"`, `"SecretList"`, `"KmsKeyId"`, `"KeyId"`}
	found := false
	for _, w := range words {
		found = found || bytes.Contains(head, []byte(w))
	}
	if !found {
		return NotSource
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(src, []byte("\ufeff")), &top) != nil {
		return NotSource
	}
	var list []map[string]json.RawMessage
	isList := func(key string, want ...string) bool {
		list = nil
		if json.Unmarshal(top[key], &list) != nil || top[key] == nil {
			return false
		}
		for _, el := range list {
			for _, w := range want {
				if el[w] == nil {
					return false
				}
			}
		}
		return true
	}
	switch {
	case isList("RoleDetailList", "Arn"), isList("Policies", "Arn", "PolicyVersionList"),
		top["UserDetailList"] != nil && top["GroupDetailList"] != nil:
		return AuthorizationDetails
	case isList("SecretList", "ARN"), isList("Parameters", "Name", "Type"):
		return SecretListing
	}
	var arnValue string
	if json.Unmarshal(top["ARN"], &arnValue) == nil && strings.Contains(arnValue, ":secretsmanager:") && top["Name"] != nil {
		return SecretListing
	}
	return NotSource
}

// MaxValues bounds the JSON values of one IAM source (about 130 bytes of
// memory each once decoded): far above the authorization details of an
// account with thousands of roles and policies, far below what a 2 GiB
// process can hold.
const MaxValues = 2_000_000

// Parse reads an IAM source: authorization details, a secret listing or a
// bare policy document. Errors are *parser.Error values at file:line:col.
func Parse(file string, src []byte) (*Source, error) {
	// Decoding costs memory per value: refuse a file with more values than
	// any account's authorization details hold before it is decoded.
	if off := jsonpos.ValueOver(src, MaxValues); off >= 0 {
		return nil, parser.Errorf(file, parser.NewLines(src).Pos(off),
			"more than %d JSON values in one IAM source; not read", MaxValues)
	}
	root, err := jsonpos.Decode(file, src)
	if err != nil {
		return nil, err
	}
	if root.Kind != jsonpos.Object {
		return nil, parser.Errorf(file, root.Range.Start, "not an IAM source: want a JSON object, got %s", root.Kind)
	}
	p := &sourceParser{file: file, out: &Source{File: file}}
	switch {
	case root.Get("RoleDetailList") != nil || root.Get("Policies") != nil ||
		root.Get("UserDetailList") != nil || root.Get("GroupDetailList") != nil:
		p.out.Kind = AuthorizationDetails
		err = p.authorizationDetails(root)
	case root.Get("Statement") != nil:
		p.out.Kind = PolicyDocument
		var sts []Statement
		sts, err = statements(file, root)
		p.out.Policies = []*Policy{{Name: path.Base(file), Source: where(file, root), Statements: sts}}
	case root.Get("SecretList") != nil || root.Get("Parameters") != nil ||
		(root.Get("ARN") != nil && root.Get("Name") != nil):
		p.out.Kind = SecretListing
		err = p.secretListing(root)
	default:
		err = parser.Errorf(file, root.Range.Start, "not an IAM source: want get-account-authorization-details output, a policy document (Statement), or describe-secret, list-secrets or describe-parameters output")
	}
	if err != nil {
		return nil, err
	}
	return p.out, nil
}

type sourceParser struct {
	file string
	out  *Source
}

func (p *sourceParser) errorf(n *jsonpos.Node, format string, args ...any) error {
	return parser.Errorf(p.file, n.Range.Start, format, args...)
}

// list returns the elements of an array member; absent or null is empty.
func (p *sourceParser) list(obj *jsonpos.Node, key string) ([]*jsonpos.Node, error) {
	n := obj.Get(key)
	if n == nil || n.Kind == jsonpos.Null {
		return nil, nil
	}
	if n.Kind != jsonpos.Array {
		return nil, p.errorf(n, "%s: want an array, got %s", key, n.Kind)
	}
	for _, el := range n.Elems {
		if el.Kind != jsonpos.Object {
			return nil, p.errorf(el, "%s: want objects, got %s", key, el.Kind)
		}
	}
	return n.Elems, nil
}

// str returns a string member; absent or null is "".
func (p *sourceParser) str(obj *jsonpos.Node, key string, required bool) (string, error) {
	n := obj.Get(key)
	if n == nil || n.Kind == jsonpos.Null {
		if required {
			return "", p.errorf(obj, "missing %s", key)
		}
		return "", nil
	}
	if n.Kind != jsonpos.String {
		return "", p.errorf(n, "%s: want a string, got %s", key, n.Kind)
	}
	return n.Text, nil
}

// member names a string member to read and where to put it.
type member struct {
	key      string
	dst      *string
	required bool
}

// strs reads several string members of obj.
func (p *sourceParser) strs(obj *jsonpos.Node, ms ...member) error {
	for _, m := range ms {
		v, err := p.str(obj, m.key, m.required)
		if err != nil {
			return err
		}
		*m.dst = v
	}
	return nil
}

func (p *sourceParser) authorizationDetails(root *jsonpos.Node) error {
	roles, err := p.list(root, "RoleDetailList")
	if err != nil {
		return err
	}
	for _, r := range roles {
		role, err := p.role(r)
		if err != nil {
			return err
		}
		p.out.Roles = append(p.out.Roles, role)
	}
	policies, err := p.list(root, "Policies")
	if err != nil {
		return err
	}
	for _, n := range policies {
		pol, err := p.managedPolicy(n)
		if err != nil {
			return err
		}
		if pol != nil {
			p.out.Policies = append(p.out.Policies, pol)
		}
	}
	return nil
}

func (p *sourceParser) role(r *jsonpos.Node) (*Role, error) {
	var a, name string
	if err := p.strs(r, member{"Arn", &a, true}, member{"RoleName", &name, false}); err != nil {
		return nil, err
	}
	if _, err := arn.Parse(a); err != nil {
		return nil, p.errorf(r.Get("Arn"), "Arn: %v", err)
	}
	if name == "" {
		name = a[strings.LastIndexByte(a, '/')+1:]
	}
	role := &Role{ARN: a, Name: name, Sources: []string{where(p.file, r)}}
	inline, err := p.list(r, "RolePolicyList")
	if err != nil {
		return nil, err
	}
	for _, ip := range inline {
		pname, err := p.str(ip, "PolicyName", false)
		if err != nil {
			return nil, err
		}
		doc := ip.Get("PolicyDocument")
		if doc == nil {
			return nil, p.errorf(ip, "inline policy %q has no PolicyDocument", pname)
		}
		sts, err := parseDocument(p.file, doc)
		if err != nil {
			return nil, err
		}
		role.Inline = append(role.Inline, &Policy{Name: pname, Source: where(p.file, ip), Statements: sts})
	}
	attached, err := p.list(r, "AttachedManagedPolicies")
	if err != nil {
		return nil, err
	}
	for _, ap := range attached {
		pa, err := p.str(ap, "PolicyArn", true)
		if err != nil {
			return nil, err
		}
		role.Attached = append(role.Attached, pa)
	}
	if b := r.Get("PermissionsBoundary"); b != nil && b.Kind == jsonpos.Object {
		role.Boundary, err = p.str(b, "PermissionsBoundaryArn", false)
		if err != nil {
			return nil, err
		}
	}
	return role, nil
}

// managedPolicy reads one element of Policies; only its default version
// counts. A policy without a readable default version is left out (nil),
// so roles that attach it stay incomplete.
func (p *sourceParser) managedPolicy(n *jsonpos.Node) (*Policy, error) {
	var a, name, def string
	if err := p.strs(n, member{"Arn", &a, true}, member{"PolicyName", &name, false}, member{"DefaultVersionId", &def, false}); err != nil {
		return nil, err
	}
	versions, err := p.list(n, "PolicyVersionList")
	if err != nil {
		return nil, err
	}
	var chosen *jsonpos.Node
	for _, v := range versions {
		id, err := p.str(v, "VersionId", false)
		if err != nil {
			return nil, err
		}
		if isDef := v.Get("IsDefaultVersion"); (isDef != nil && isDef.Kind == jsonpos.Bool && isDef.Bool) || (def != "" && id == def) {
			chosen = v
			break
		}
	}
	if chosen == nil && len(versions) == 1 && def == "" {
		chosen = versions[0]
	}
	if chosen == nil || chosen.Get("Document") == nil {
		return nil, nil
	}
	sts, err := parseDocument(p.file, chosen.Get("Document"))
	if err != nil {
		return nil, err
	}
	return &Policy{Name: name, ARN: a, Source: where(p.file, n), Statements: sts}, nil
}

func (p *sourceParser) secretListing(root *jsonpos.Node) error {
	var secrets []*jsonpos.Node
	switch {
	case root.Get("SecretList") != nil:
		var err error
		if secrets, err = p.list(root, "SecretList"); err != nil {
			return err
		}
	case root.Get("ARN") != nil:
		secrets = []*jsonpos.Node{root}
	}
	for _, s := range secrets {
		var a, name, key string
		if err := p.strs(s, member{"ARN", &a, false}, member{"Name", &name, false}, member{"KmsKeyId", &key, false}); err != nil {
			return err
		}
		p.out.Keys = append(p.out.Keys, SecretKey{Service: "secretsmanager", ARN: a, Name: name, KMSKey: key, Source: where(p.file, s)})
	}
	params, err := p.list(root, "Parameters")
	if err != nil {
		return err
	}
	for _, s := range params {
		var name, typ, a, key string
		if err := p.strs(s, member{"Name", &name, true}, member{"Type", &typ, false}, member{"ARN", &a, false}, member{"KeyId", &key, false}); err != nil {
			return err
		}
		if typ != "SecureString" {
			continue // no KMS key involved
		}
		p.out.Keys = append(p.out.Keys, SecretKey{Service: "ssm", ARN: a, Name: name, KMSKey: key, Source: where(p.file, s)})
	}
	return nil
}
