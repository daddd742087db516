package iam

// The shapes of IAM facts in the rules' input (DESIGN.md §3), read by
// rules/lib/iam: built here so that the pipeline and the tests that
// evaluate the library build the same values.

// Value returns the subject as the rules read it.
func (s Subject) Value() map[string]any {
	return map[string]any{
		"partition": s.Partition, "service": s.Service, "region": s.Region,
		"account": s.Account, "resource": s.Resource, "suffix": s.Suffix,
	}
}

// SubjectsValue returns the subjects as the rules read them.
func SubjectsValue(list []Subject) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s.Value()
	}
	return out
}

// Value returns the pattern's description as the rules read it.
func (p Pattern) Value() map[string]any {
	return map[string]any{
		"text": p.Text, "fields": StringsValue(p.Fields), "colons": p.Colons,
		"service": p.Service, "resourcePrefix": p.ResourcePrefix,
		"must": p.Must, "may": p.May, "maySuffix": p.MaySuffix,
	}
}

// Value returns the statement as the rules read it; patterns describes a
// list of resource patterns (DescribePattern of each, as Pattern.Value),
// so that a caller can share the descriptions between statements.
func (s Statement) Value(patterns func([]string) []any) map[string]any {
	return map[string]any{
		"effect":              s.Effect,
		"actions":             StringsValue(s.Actions),
		"notActions":          StringsValue(s.NotActions),
		"resources":           StringsValue(s.Resources),
		"notResources":        StringsValue(s.NotResources),
		"conditional":         s.Conditional,
		"resourcePatterns":    patterns(s.Resources),
		"notResourcePatterns": patterns(s.NotResources),
	}
}

// PatternsValue describes each pattern of list, uncached.
func PatternsValue(list []string) []any {
	out := make([]any, len(list))
	for i, p := range list {
		out[i] = DescribePattern(p).Value()
	}
	return out
}

// StringsValue returns list as the []any a Rego value is built from.
func StringsValue(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}
