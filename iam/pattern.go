package iam

import (
	"regexp"
	"strings"
)

// Pattern describes an IAM resource pattern exactly as pattern() in
// rules/lib/iam does, so that the rules need not analyze each pattern again
// for every task definition: the text, the ARN fields (the resource
// rejoined when there are six or more), the colon count, the service when
// it and the fields before it are literal, the literal prefix of the resource, and the regular expressions
// for must, may and may-with-suffix matching. The Rego library owns the
// semantics; a test in package rules keeps the two in step.
type Pattern struct {
	Text           string   `json:"text"`
	Fields         []string `json:"fields"`
	Colons         int      `json:"colons"`
	Service        string   `json:"service"`
	ResourcePrefix string   `json:"resourcePrefix"`
	Must           string   `json:"must"`
	May            string   `json:"may"`
	MaySuffix      string   `json:"maySuffix"`
}

var (
	policyVariable = regexp.MustCompile(`\\\$\\\{[^}]*?\\\}`)
	alnum          = regexp.MustCompile(`[A-Za-z0-9]`)
)

// DescribePattern returns the description of p.
func DescribePattern(p string) Pattern {
	fields := strings.Split(p, ":")
	if len(fields) >= 6 {
		fields = append(fields[:5:5], strings.Join(fields[5:], ":"))
	}
	d := Pattern{Text: p, Fields: fields, Colons: strings.Count(p, ":")}
	if len(fields) >= 3 && !strings.ContainsAny(strings.Join(fields[:3], ":"), "*?$") {
		d.Service = fields[2]
	}
	if len(fields) >= 6 {
		r := fields[5]
		if i := strings.IndexAny(r, "*?$"); i >= 0 {
			r = r[:i]
		}
		d.ResourcePrefix = r
	}
	d.Must = globRegexp(p, false, false)
	d.May = globRegexp(p, true, false)
	d.MaySuffix = globRegexp(p, true, true)
	return d
}

// globRegexp turns an IAM glob into an anchored regular expression: * is
// any run of characters, ? one character, everything else literal. may
// lets a policy variable match anything; suffix also lets every letter or
// digit match U+0001, the marker of an unknown suffix character.
func globRegexp(p string, may, suffix bool) string {
	var b strings.Builder
	b.Grow(len(p) + 8)
	for i := 0; i < len(p); i++ {
		if strings.IndexByte(`.+^$()[]{}|\`, p[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(p[i])
	}
	e := strings.ReplaceAll(strings.ReplaceAll(b.String(), "*", ".*"), "?", ".")
	if may {
		e = policyVariable.ReplaceAllString(e, ".*")
		if suffix {
			e = alnum.ReplaceAllString(e, "[$0\x01]")
		}
	}
	return "^" + e + "$"
}
