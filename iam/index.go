package iam

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/ecslint/ecslint/facts"
)

// Index merges every IAM source of a run.
type Index struct {
	roles    map[string]*Role   // by lower-case ARN
	order    []*Role            // insertion order, for name look-ups
	policies map[string]*Policy // managed policies found in sources, by policyKey
	managed  map[string]*Policy // the embedded snapshot, by policyKey
	snapshot string             // the snapshot's date
	keys     []SecretKey
	files    []string
}

// NewIndex returns an index holding only the embedded managed-policy
// snapshot.
func NewIndex() *Index {
	ix := &Index{
		roles:    map[string]*Role{},
		policies: map[string]*Policy{},
		managed:  map[string]*Policy{},
	}
	for _, m := range Managed() {
		ix.managed[policyKey(m.ARN)] = m.Policy
		ix.snapshot = max(ix.snapshot, m.Retrieved)
	}
	return ix
}

// policyKey identifies a managed policy across partitions:
// arn:aws-cn:iam::aws:policy/X is the same AWS managed policy as
// arn:aws:iam::aws:policy/X.
func policyKey(s string) string {
	if a, err := arn.Parse(s); err == nil {
		return strings.ToLower(a.Service + ":" + a.AccountID + ":" + a.Resource)
	}
	return strings.ToLower(s)
}

// Add merges a parsed source. Sources must be added in a fixed order (the
// first definition of a managed policy wins), which callers ensure by
// sorting them by file name.
func (ix *Index) Add(s *Source) {
	if s.Kind != PolicyDocument {
		ix.files = append(ix.files, s.File)
	}
	for _, r := range s.Roles {
		ix.addRole(r)
	}
	if s.Kind == AuthorizationDetails {
		for _, p := range s.Policies {
			if _, dup := ix.policies[policyKey(p.ARN)]; !dup {
				ix.policies[policyKey(p.ARN)] = p
			}
		}
	}
	ix.keys = append(ix.keys, s.Keys...)
}

// AddRole attaches policies to a role, as config roles: does; inline are
// bare policy documents, attached managed policy ARNs.
func (ix *Index) AddRole(roleARN string, inline []*Policy, attached []string, source string) {
	name := roleARN[strings.LastIndexByte(roleARN, '/')+1:]
	ix.addRole(&Role{ARN: roleARN, Name: name, Inline: inline, Attached: attached, Sources: []string{source}})
}

func (ix *Index) addRole(r *Role) {
	key := strings.ToLower(r.ARN)
	prev, ok := ix.roles[key]
	if !ok {
		cp := *r
		ix.roles[key] = &cp
		ix.order = append(ix.order, &cp)
		return
	}
	// The same role in several sources (paginated snapshots, config):
	// the union of what each says.
	prev.Sources = appendNew(prev.Sources, r.Sources...)
	prev.Attached = appendNew(prev.Attached, r.Attached...)
	for _, p := range r.Inline {
		dup := false
		for _, q := range prev.Inline {
			dup = dup || (q.Name == p.Name && q.Source == p.Source)
		}
		if !dup {
			prev.Inline = append(prev.Inline, p)
		}
	}
	if prev.Boundary == "" {
		prev.Boundary = r.Boundary
	}
}

func appendNew(list []string, more ...string) []string {
	for _, s := range more {
		found := false
		for _, t := range list {
			found = found || strings.EqualFold(s, t)
		}
		if !found {
			list = append(list, s)
		}
	}
	return list
}

// Files lists the source files read (authorization details and secret
// listings), in the order they were added.
func (ix *Index) Files() []string { return ix.files }

// Searched describes every source consulted, for messages.
func (ix *Index) Searched() []string {
	out := append([]string(nil), ix.files...)
	return append(out, fmt.Sprintf("the AWS managed policy snapshot of %s", ix.snapshot))
}

// RoleFacts is what the rules know of a task's execution role; it becomes
// facts.executionRole of the input document.
type RoleFacts struct {
	ARN         string      `json:"arn"`         // as the task definition gives it
	ResolvedARN string      `json:"resolvedArn"` // the ARN of the role found
	Name        string      `json:"name"`        // the role name, when known
	Known       bool        `json:"known"`
	Complete    bool        `json:"complete"`
	Sources     []string    `json:"sources"`
	Statements  []Statement `json:"statements"`
	// Missing lists the attached policies whose documents no source holds.
	Missing []string `json:"missing"`
	// Searched lists the sources consulted.
	Searched []string `json:"searched"`
	Boundary string   `json:"boundary"`
	// Reason says, when the role is not known, why.
	Reason string `json:"reason"`
}

// Resolve finds the role an executionRoleArn names: a role ARN, a role name,
// or a templated ARN whose role name is literal.
func (ix *Index) Resolve(ref string) RoleFacts {
	rf := RoleFacts{ARN: ref, Searched: ix.Searched(), Sources: []string{}, Statements: []Statement{}, Missing: []string{}}
	role, reason := ix.find(ref)
	if role == nil {
		rf.Reason = reason
		return rf
	}
	rf.Known, rf.Name, rf.Boundary, rf.ResolvedARN = true, role.Name, role.Boundary, role.ARN
	rf.Sources = append(rf.Sources, role.Sources...)
	for _, p := range role.Inline {
		rf.Statements = append(rf.Statements, p.Statements...)
	}
	for _, a := range role.Attached {
		p := ix.policies[policyKey(a)]
		if p == nil {
			p = ix.managed[policyKey(a)]
		}
		if p == nil {
			rf.Missing = append(rf.Missing, a)
			continue
		}
		rf.Sources = appendNew(rf.Sources, p.Source)
		rf.Statements = append(rf.Statements, p.Statements...)
	}
	rf.Complete = len(rf.Missing) == 0
	return rf
}

// find returns the role ref names, or why none was found.
func (ix *Index) find(ref string) (*Role, string) {
	ref = strings.TrimSpace(ref)
	account, name := "", ref
	if strings.HasPrefix(ref, "arn:") {
		if !facts.Templated(ref) {
			if r := ix.roles[strings.ToLower(ref)]; r != nil {
				return r, ""
			}
		}
		// Placeholders may hide colons; parse the masked text.
		a, err := arn.Parse(facts.MaskPlaceholders(ref))
		if err != nil || (a.Service != "iam" && !facts.Templated(a.Service)) || !strings.HasPrefix(a.Resource, "role/") {
			return nil, "it is not an IAM role ARN"
		}
		account = a.AccountID
		name = a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
		if facts.Templated(account) {
			account = ""
		}
	}
	if name == "" || facts.Templated(name) {
		return nil, "its role name cannot be resolved statically"
	}
	var found []*Role
	for _, r := range ix.order {
		if !strings.EqualFold(r.Name, name) {
			continue
		}
		if a, err := arn.Parse(r.ARN); account != "" && (err != nil || a.AccountID != account) {
			continue
		}
		found = append(found, r)
	}
	switch len(found) {
	case 0:
		return nil, "no IAM source describes it"
	case 1:
		return found[0], ""
	}
	arns := make([]string, len(found))
	for i, r := range found {
		arns[i] = r.ARN
	}
	sort.Strings(arns)
	return nil, "several roles share its name (" + strings.Join(arns, ", ") + ")"
}
