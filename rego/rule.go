package rego

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ecslint/ecslint/report"
)

const idPattern = `^(TD|DF)\d{3}$`

// userIDPattern is what ids of the user's policies look like: their own
// prefix (ACME001) or an unused TD/DF number.
const userIDPattern = `^[A-Z]{2,8}\d{3}$`

// ruleFromModule reads and validates the package annotations of mod.
func ruleFromModule(file string, mod *ast.Module, idRe *regexp.Regexp) (*report.Rule, error) {
	pkg := strings.TrimPrefix(mod.Package.Path.String(), "data.")
	parts := strings.Split(pkg, ".")
	if len(parts) != 4 || parts[0] != "ecslint" || parts[1] != "rules" {
		return nil, fmt.Errorf("%s:%d:1: package %s: want ecslint.rules.<kind>.<rule>", file, mod.Package.Location.Row, pkg)
	}
	var ann *ast.Annotations
	for _, a := range mod.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	loc := fmt.Sprintf("%s:%d:1", file, mod.Package.Location.Row)
	if ann == nil {
		return nil, fmt.Errorf("%s: package %s has no # METADATA block", loc, pkg)
	}
	r := &report.Rule{
		Title:       strings.TrimSpace(ann.Title),
		Description: strings.TrimSpace(ann.Description),
		Kind:        parts[2],
		Name:        parts[3],
		Package:     pkg,
		File:        file,
		PkgLine:     mod.Package.Location.Row,
	}
	r.IDLine, r.IDColumn = metadataKeyPos(mod, ann, "id")
	r.ID, _ = ann.Custom["id"].(string)
	r.Severity, _ = ann.Custom["severity"].(string)
	r.Remediation, _ = ann.Custom["remediation"].(string)
	r.Remediation = strings.TrimSpace(r.Remediation)
	for _, rr := range ann.RelatedResources {
		r.Related = append(r.Related, report.Link{URL: rr.Ref.String(), Description: rr.Description})
	}
	r.HelpURI = report.DocsBase + r.DocPath()

	var problems []string
	if r.Title == "" {
		problems = append(problems, "title is missing")
	}
	if r.Description == "" {
		problems = append(problems, "description is missing")
	}
	if !idRe.MatchString(r.ID) {
		problems = append(problems, fmt.Sprintf("custom.id %q does not match %s", r.ID, idRe))
	}
	if report.SeverityRank(r.Severity) == 0 {
		problems = append(problems, fmt.Sprintf("custom.severity %q is not error, warning or note", r.Severity))
	}
	if r.Remediation == "" {
		problems = append(problems, "custom.remediation is missing")
	}
	if len(r.Related) == 0 {
		problems = append(problems, "related_resources is empty")
	}
	for k := range ann.Custom {
		switch k {
		case "id", "severity", "remediation":
		default:
			problems = append(problems, fmt.Sprintf("unknown custom key %q", k))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("%s: metadata of %s: %s", loc, pkg, strings.Join(problems, "; "))
	}
	return r, nil
}

// metadataKeyPos returns where key: is written in the # METADATA block of
// ann (its custom: section for custom keys), or the block's start.
func metadataKeyPos(mod *ast.Module, ann *ast.Annotations, key string) (line, col int) {
	line, col = mod.Package.Location.Row, 1
	if ann.Location != nil {
		line, col = ann.Location.Row, ann.Location.Col
	}
	for _, c := range mod.Comments {
		if c.Location == nil || c.Location.Row < line || c.Location.Row > mod.Package.Location.Row {
			continue
		}
		text := string(c.Text)
		trimmed := strings.TrimLeft(text, " \t")
		if strings.HasPrefix(trimmed, key+":") {
			// Text starts after "#"; the column of the key counts it.
			return c.Location.Row, c.Location.Col + 1 + len(text) - len(trimmed)
		}
	}
	return line, col
}
