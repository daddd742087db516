package iam_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/rules"
)

// decisionsModule calls rules/lib/iam as the rules TD006-TD008 do
// (iam.allowed and iam.denied on a secret's subjects, for their action),
// for every action and every selection of subjects, with all statements
// and with the kept ones.
const decisionsModule = `package ecslint.test.relevant

import data.ecslint.lib.iam

_allowed(sts, a, ss) := true if iam.allowed(sts, a, ss)
else := false

_denied(sts, a, ss) := true if iam.denied(sts, a, ss)
else := false

_decisions(sts) := [[_allowed(sts, a, ss), _denied(sts, a, ss)] | some a in input.actions; some ss in input.sets]

full := _decisions(input.full)

kept := _decisions(input.kept)
`

// decider evaluates rules/lib/iam.
type decider struct {
	query rego.PreparedEvalQuery
}

func newDecider(t *testing.T) *decider {
	t.Helper()
	lib, err := rules.FS.ReadFile("lib/iam/iam.rego")
	if err != nil {
		t.Fatal(err)
	}
	q, err := rego.New(
		rego.Module("lib/iam/iam.rego", string(lib)),
		rego.Module("relevant_test.rego", decisionsModule),
		rego.Query("full := data.ecslint.test.relevant.full; kept := data.ecslint.test.relevant.kept"),
	).PrepareForEval(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return &decider{query: q}
}

// filterCase is a role's statements and the subjects of one document's
// secret references (each reference has one or two subjects).
type filterCase struct {
	statements []iam.Statement
	refs       [][]iam.Subject
}

// compare evaluates every decision with all statements and with those
// filter keeps; it returns a description of the first difference, and the
// full decisions (nil when filter keeps every statement: nothing to
// compare).
func (d *decider) compare(t *testing.T, c filterCase, filter func([]iam.Statement, []iam.Subject) []int) (string, []any) {
	t.Helper()
	var union []iam.Subject
	sets := []any{}
	for _, ref := range c.refs {
		union = append(union, ref...)
		sets = append(sets, iam.SubjectsValue(ref))
	}
	if len(c.refs) > 1 {
		sets = append(sets, iam.SubjectsValue(union))
	}
	var kept []iam.Statement
	for _, i := range filter(c.statements, union) {
		kept = append(kept, c.statements[i])
	}
	if len(kept) == len(c.statements) {
		return "", nil
	}
	actions := iam.CheckedActions()
	rs, err := d.query.Eval(t.Context(), rego.EvalInput(map[string]any{
		"full": statementsValue(c.statements), "kept": statementsValue(kept),
		"actions": iam.StringsValue(actions), "sets": sets,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d results", len(rs))
	}
	full, _ := rs[0].Bindings["full"].([]any)
	got, _ := rs[0].Bindings["kept"].([]any)
	if len(full) != len(actions)*len(sets) {
		t.Fatalf("%d decisions; want %d", len(full), len(actions)*len(sets))
	}
	if reflect.DeepEqual(full, got) {
		return "", full
	}
	for i := range full {
		if !reflect.DeepEqual(full[i], got[i]) {
			return fmt.Sprintf("%s on subjects %v: [allowed denied] = %v with all statements, %v with the kept ones\nstatements: %+v\nkept: %+v",
				actions[i/len(sets)], sets[i%len(sets)], full[i], got[i], c.statements, kept), full
		}
	}
	return "", full
}

// handCases mirror the Rego library's tests and lint's benchmark.
func handCases(tb testing.TB) []filterCase {
	full := iam.Subject{Partition: "aws", Service: "secretsmanager", Region: "us-east-1", Account: relAccount, Resource: "secret:prod/hub-AbCdEf"}
	partial := full
	partial.Resource, partial.Suffix = "secret:prod/hub", true
	bare := partial
	bare.Region, bare.Account = "", ""
	dbFull := full
	dbFull.Resource = "secret:db-config"
	dbPartial := dbFull
	dbPartial.Suffix = true
	alias := iam.Subject{Partition: "aws", Service: "kms", Region: "us-east-1", Account: relAccount}
	param := iam.Subject{Partition: "aws", Service: "ssm", Account: relAccount, Resource: "parameter/other/db"}
	deny := func(res string) iam.Statement {
		return iam.Statement{Effect: "Deny", Actions: []string{relGet}, Resources: []string{res}}
	}
	arn := relARN + "prod/hub"
	var out []filterCase
	for _, sts := range [][]iam.Statement{
		{allowOn(relGet, arn+"-AbCdEf")},
		{allowOn(relGet, arn), allowOn(relGet, arn+"-??????"), allowOn(relGet, arn+"-?????"), allowOn(relGet, arn+"-*")},
		{allowOn(relGet, "*"), {Effect: "Deny", Actions: []string{"secretsmanager:*"}, Resources: []string{"*"}}},
		{allowOn(relGet, "*"), {Effect: "Deny", Actions: []string{"secretsmanager:*"}, Resources: []string{"*"}, Conditional: true}},
		{{Effect: "Allow", NotActions: []string{"iam:*", "organizations:*"}, Resources: []string{"*"}}},
		{{Effect: "Allow", NotActions: []string{"secretsmanager:Get*"}, Resources: []string{"*"}}},
		{{Effect: "Allow", Actions: []string{relGet}, NotResources: []string{"arn:aws:secretsmanager:*:*:secret:other-*"}}},
		{allowOn(relGet, "*"), {Effect: "Deny", Actions: []string{"*"}, NotResources: []string{"arn:aws:secretsmanager:*:*:secret:other-*"}}},
		{allowOn("SECRETSMANAGER:GET*", "*"), allowOn("secretsmanager:GetSecret?", "*")},
		{allowOn(relGet, "arn:aws:secretsmanager:us-east-1:123456789012:secret:Prod/Hub-AbCdEf")},
		{allowOn(relGet, "arn:aws:secretsmanager:*:123456789012:secret:prod/*"), allowOn(relGet, "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/*")},
		{allowOn(relGet, "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/hub-??????")},
		{allowOn(relGet, "*"), deny("arn:aws:secretsmanager:eu-west-1:*:secret:*")},
		{allowOn(relGet, "*"), deny("arn:aws:secretsmanager:*:*:secret:*")},
		{allowOn(relGet, "*"), deny(arn + "-XyZ123")},
		{allowOn(relGet, "*"), deny(arn + "-??????")},
		{allowOn(relGet, relARN+"${aws:PrincipalTag/team}/*")},
		{allowOn(relGet, "*"), deny(relARN + "${aws:PrincipalTag/team}/*")},
		// A backslash before a variable: the escaped backslash stays literal.
		{allowOn(relGet, arn+`-AbCdEf\${x}`)},
		{allowOn(relGet, relARN+"db-config-??????"), allowOn(relGet, relARN+"db-??????")},
		{allowOn("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")},
		{allowOn("kms:Decrypt", "arn:aws:kms:us-east-1:999999999999:key/*")},
		{allowOn("ssm:GetParameters", "arn:aws:ssm:us-east-1:123456789012:parameter/app/*"), allowOn("ssm:GetParameter", "*")},
		{allowOn("ssm:GetParameters", "arn:aws:ssm:us-east-1:123456789012:parameter/other/*")},
	} {
		out = append(out, filterCase{sts, [][]iam.Subject{{full}, {partial}, {bare}, {dbFull, dbPartial}, {alias}, {param}}})
	}
	sts := benchRole(tb, 20)
	for i := range 3 {
		s := benchSubjects(i)
		out = append(out, filterCase{sts, [][]iam.Subject{s[:1], s[1:3], s[3:4], s[4:]}})
	}
	return out
}

// caseGenerator draws random roles and subjects from small pools, so that
// patterns often nearly match the subjects.
type caseGenerator struct {
	r *rand.Rand
}

func (g *caseGenerator) pick(list ...string) string { return list[g.r.IntN(len(list))] }

func (g *caseGenerator) subject() iam.Subject {
	s := iam.Subject{
		Partition: g.pick("aws", "aws", "aws", "aws-cn", ""),
		Region:    g.pick("us-east-1", "us-east-1", "eu-west-1", ""),
		Account:   g.pick(relAccount, relAccount, "111122223333", ""),
		Service:   g.pick("secretsmanager", "secretsmanager", "ssm", "kms"),
	}
	switch s.Service {
	case "secretsmanager":
		s.Resource = "secret:" + g.pick("prod/db", "prod/db-AbCdEf", "Prod/DB", "prod", "db-config", "a+b(c)", "app/x:y", "prod/db-??????", "${x}")
		s.Suffix = g.r.IntN(3) > 0
	case "ssm":
		s.Resource = "parameter/" + g.pick("app/db", "app", "other/db", "App/db", "app/db/x")
	default:
		s.Resource = g.pick("key/1234abcd", "key/5678", "", "")
	}
	if g.r.IntN(40) == 0 {
		s.Region = g.pick("a:b", "x\x01", "*")
	}
	return s
}

// arn renders s as a pattern: unknown parts become a pool value or "*".
func (g *caseGenerator) arn(s iam.Subject) string {
	part := func(v string, pool ...string) string {
		if v == "" || g.r.IntN(6) == 0 {
			return g.pick(append(pool, "*", "*")...)
		}
		return v
	}
	res := s.Resource
	if res == "" {
		res = g.pick("key/*", "key/1234abcd", "alias/x")
	}
	if s.Suffix {
		res += g.pick("-??????", "-*", "*", "", "-AbCdEf", "-?????")
	}
	return strings.Join([]string{"arn", part(s.Partition, "aws", "aws-cn"), s.Service,
		part(s.Region, "us-east-1", "us-west-2"), part(s.Account, relAccount, "111122223333"), res}, ":")
}

// mutate changes p the way policies and typos do.
func (g *caseGenerator) mutate(p string) string {
	rs := []rune(p)
	at := func() int { return g.r.IntN(len(rs) + 1) }
	insert := func(s string) string { i := at(); return string(rs[:i]) + s + string(rs[i:]) }
	switch g.r.IntN(10) {
	case 0:
		f := strings.SplitN(p, ":", 6)
		f[g.r.IntN(len(f))] = g.pick("*", "?", "us-*", "${aws:username}", "us-east-1", "aws", "secretsmanager", "ssm", "kms", "")
		return strings.Join(f, ":")
	case 1:
		return string(rs[:at()]) + "*"
	case 2:
		if len(rs) > 0 {
			rs[g.r.IntN(len(rs))] = '?'
		}
		return string(rs)
	case 3:
		if len(rs) > 0 {
			i := g.r.IntN(len(rs))
			rs[i] = []rune(strings.ToUpper(string(rs[i])))[0]
		}
		return string(rs)
	case 4:
		return insert("*")
	case 5:
		return insert(g.pick("${aws:PrincipalTag/team}", "${x}", "${", "$", "}"))
	case 6:
		if len(rs) > 0 {
			i := g.r.IntN(len(rs))
			return string(rs[:i]) + string(rs[i+1:])
		}
		return p
	case 7:
		return insert(g.pick(":", "-", "x", "/"))
	case 8:
		f := strings.Split(p, ":")
		return strings.Join(f[:g.r.IntN(len(f))+1], ":")
	default:
		return insert(g.pick(`\`, `\${x}`, "\x01", "é", "?"))
	}
}

func (g *caseGenerator) pattern(subjects []iam.Subject) string {
	switch g.r.IntN(10) {
	case 0:
		return g.pick("*", "arn:aws:secretsmanager:*", "arn:*", "*:secret:prod/*", "arn:aws:s3:::b/*",
			"arn:aws:ssm:us-east-1:123456789012:parameter/app/*", "arn:aws:kms:*:*:key/*", "arn:aws:*:*:*:*",
			"arn:aws:secretsmanager:us-east-1:123456789012", "*prod/db*", "arn:aws:secretsmanager:*:*:secret:*-??????")
	case 1, 2:
		return g.mutate(g.arn(g.subject()))
	}
	p := g.arn(subjects[g.r.IntN(len(subjects))])
	for range g.r.IntN(3) {
		p = g.mutate(p)
	}
	return p
}

func (g *caseGenerator) list(n int, f func() string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f()
	}
	return out
}

func (g *caseGenerator) statement(subjects []iam.Subject) iam.Statement {
	st := iam.Statement{Effect: "Allow", Conditional: g.r.IntN(5) == 0}
	if g.r.IntN(3) == 0 {
		st.Effect = "Deny"
	}
	action := func() string {
		return g.pick("secretsmanager:GetSecretValue", "secretsmanager:*", "*", "ssm:GetParameter*", "ssm:GetParameter",
			"ssm:GetParameters", "kms:Decrypt", "KMS:decrypt", "kms:*", "s3:GetObject", "secretsmanager:Get?ecretValue",
			"ecr:*", "logs:CreateLogStream", "*Decrypt", "secretsmanager:GetSecret?", "?ms:Decrypt")
	}
	if g.r.IntN(6) == 0 {
		st.NotActions = g.list(1+g.r.IntN(2), action)
	} else {
		st.Actions = g.list(1+g.r.IntN(2), action)
	}
	pattern := func() string { return g.pattern(subjects) }
	switch n := g.r.IntN(25); {
	case n < 3:
		st.NotResources = g.list(1+g.r.IntN(2), pattern)
	case n < 4:
	default:
		st.Resources = g.list(1+g.r.IntN(3), pattern)
	}
	return st
}

func (g *caseGenerator) next() filterCase {
	var c filterCase
	var all []iam.Subject
	for range 1 + g.r.IntN(3) {
		s := g.subject()
		ref := []iam.Subject{s}
		if s.Suffix && g.r.IntN(3) == 0 {
			// A name that ends like a suffix: both readings.
			other := s
			other.Suffix = false
			ref = append(ref, other)
		}
		c.refs = append(c.refs, ref)
		all = append(all, ref...)
	}
	for range 1 + g.r.IntN(5) {
		c.statements = append(c.statements, g.statement(all))
	}
	return c
}

// TestRelevantKeepsDecisions: on hand-made and random roles and subjects,
// rules/lib/iam decides the same with the statements Relevant keeps as
// with all of them, for every action the rules check, on each reference's
// subjects and on all of them.
func TestRelevantKeepsDecisions(t *testing.T) {
	d := newDecider(t)
	g := &caseGenerator{r: rand.New(rand.NewPCG(20261130, 1))}
	cases := handCases(t)
	n := 2000
	if testing.Short() {
		n = 200
	}
	for range n {
		cases = append(cases, g.next())
	}
	var compared, statements, dropped, allowed, denied, decisions int
	for i, c := range cases {
		diff, full := d.compare(t, c, iam.Relevant)
		if diff != "" {
			t.Fatalf("case %d: %s", i, diff)
		}
		var union []iam.Subject
		for _, ref := range c.refs {
			union = append(union, ref...)
		}
		statements += len(c.statements)
		dropped += len(c.statements) - len(iam.Relevant(c.statements, union))
		if full != nil {
			compared++
		}
		for _, v := range full {
			pair, _ := v.([]any)
			decisions++
			if pair[0] == true {
				allowed++
			}
			if pair[1] == true {
				denied++
			}
		}
	}
	t.Logf("%d cases (%d dropping statements), %d statements, %d dropped; %d decisions compared, %d allowed, %d denied",
		len(cases), compared, statements, dropped, decisions, allowed, denied)
	// The cases must exercise both outcomes and the filter must drop
	// often, or the comparison proves little.
	if compared < len(cases)/4 || dropped < statements/5 || dropped > statements*9/10 || allowed < decisions/20 || denied < decisions/100 || allowed > decisions*9/10 {
		t.Errorf("unbalanced cases: %d of %d statements dropped, %d allowed and %d denied of %d decisions", dropped, statements, allowed, denied, decisions)
	}
}

// TestRelevantKeepsDecisionsCanFail: the comparison catches a filter that
// drops one statement too many.
func TestRelevantKeepsDecisionsCanFail(t *testing.T) {
	d := newDecider(t)
	g := &caseGenerator{r: rand.New(rand.NewPCG(20261130, 1))}
	overeager := func(sts []iam.Statement, subjects []iam.Subject) []int {
		kept := iam.Relevant(sts, subjects)
		if len(kept) > 0 {
			kept = kept[1:]
		}
		return kept
	}
	for range 500 {
		if diff, _ := d.compare(t, g.next(), overeager); diff != "" {
			return
		}
	}
	t.Fatal("dropping a kept statement changed no decision in 500 cases")
}

// TestCheckedActionsMatchRules: the rules call rules/lib/iam only through
// allowed and denied with their _action, and CheckedActions lists every
// _action.
func TestCheckedActionsMatchRules(t *testing.T) {
	call := regexp.MustCompile(`\biam\.(\w+)\(([^)]*)\)`)
	action := regexp.MustCompile(`(?m)^_action := "([^"]*)"$`)
	var found []string
	var walk func(dir string)
	walk = func(dir string) {
		entries, err := rules.FS.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := dir + "/" + e.Name()
			if dir == "." {
				name = e.Name()
			}
			if e.IsDir() {
				walk(name)
				continue
			}
			if !strings.HasSuffix(name, ".rego") || strings.HasSuffix(name, "_test.rego") || strings.HasPrefix(name, "lib/iam/") {
				continue
			}
			b, err := rules.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			src := string(b)
			if !strings.Contains(src, "data.ecslint.lib.iam") {
				continue
			}
			for _, m := range call.FindAllStringSubmatch(src, -1) {
				args := strings.Split(m[2], ",")
				switch {
				case m[1] == "statement":
				case (m[1] == "allowed" || m[1] == "denied") && len(args) == 3 && strings.TrimSpace(args[1]) == "_action":
				default:
					t.Errorf("%s calls %s; Relevant does not know that call", name, m[0])
				}
			}
			ms := action.FindAllStringSubmatch(src, -1)
			if len(ms) != 1 {
				t.Errorf("%s: %d _action definitions; want 1", name, len(ms))
			}
			for _, m := range ms {
				found = append(found, m[1])
			}
		}
	}
	walk(".")
	if len(found) == 0 {
		t.Fatal("found no rule calling rules/lib/iam")
	}
	for _, a := range found {
		if !slices.Contains(iam.CheckedActions(), a) {
			t.Errorf("a rule checks %s, which CheckedActions lacks", a)
		}
	}
}

// statementsValue builds the statements' values with the functions
// facts/docfacts builds them with.
func statementsValue(sts []iam.Statement) []any {
	out := make([]any, len(sts))
	for i, s := range sts {
		out[i] = s.Value(iam.PatternsValue)
	}
	return out
}
