package rego

import (
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// builtinPackage is a package of ecslint's own policies and what it is, for
// messages.
type builtinPackage struct {
	path ast.Ref
	what string // "the package of built-in rule TD001", "ecslint's library ecslint.lib.iam"
}

// libRoot is where ecslint's libraries are: data.ecslint.lib.
func libRoot() ast.Ref {
	return ast.Ref{ast.DefaultRootDocument, ast.StringTerm("ecslint"), ast.StringTerm("lib")}
}

// ruleRoot is where rules are: data.ecslint.rules.
func ruleRoot() ast.Ref {
	return ast.Ref{ast.DefaultRootDocument, ast.StringTerm("ecslint"), ast.StringTerm("rules")}
}

// builtinPackages lists the packages of the embedded modules (names not
// in user), sorted.
func builtinPackages(modules map[string]*ast.Module, user map[string]bool) []builtinPackage {
	seen := map[string]bool{}
	var out []builtinPackage
	for name, mod := range modules {
		if user[name] || seen[mod.Package.Path.String()] {
			continue
		}
		seen[mod.Package.Path.String()] = true
		what := "a package of ecslint's built-in rules and libraries"
		switch {
		case mod.Package.Path.HasPrefix(libRoot()):
			what = "one of ecslint's libraries"
		case mod.Package.Path.HasPrefix(ruleRoot()):
			what = "the package of a built-in rule"
			if r, err := ruleFromModule(name, mod, idRe); err == nil {
				what = "the package of built-in rule " + r.ID
			}
		}
		out = append(out, builtinPackage{path: mod.Package.Path, what: what})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path.Compare(out[j].path) < 0 })
	return out
}

// ruleRef is the document a rule defines: its package and the ground
// prefix of its head (lib.iam.allowed in package ecslint:
// data.ecslint.lib.iam.allowed; taskdef[x].deny: data.ecslint.taskdef).
func ruleRef(pkg ast.Ref, r *ast.Rule) ast.Ref {
	head := r.Head.Ref().GroundPrefix()
	full := pkg.Copy()
	for i, t := range head {
		if v, ok := t.Value.(ast.Var); ok && i == 0 {
			t = ast.StringTerm(string(v)) // the rule name, a string in data paths
		}
		full = full.Append(t)
	}
	return full
}

func showRef(r ast.Ref) string { return strings.TrimPrefix(r.String(), "data.") }

// overlaps reports whether a and b name the same document or one is
// inside the other.
func overlaps(a, b ast.Ref) bool { return a.HasPrefix(b) || b.HasPrefix(a) }

// checkNamespace returns why a user's module may not be loaded: it
// defines or extends a package of ecslint's built-in rules or libraries,
// or a prefix of one (ecslint, ecslint.rules, ecslint.rules.taskdef), with
// a package clause or with a rule whose head is a reference
// (lib.iam.allowed(_, _, _) := true in package ecslint). A module in the
// very package of a built-in rule is left to the id and package collision
// checks when sameOK, which name the rule it collides with. nil when it
// may be loaded.
func checkNamespace(file string, mod *ast.Module, builtin []builtinPackage, sameOK bool) []string {
	pkg := mod.Package.Path
	at := func(loc *ast.Location) string {
		if loc == nil {
			return file
		}
		return fmt.Sprintf("%s:%d:%d", file, loc.Row, loc.Col)
	}
	pkgAt := at(mod.Package.Location)
	if pkg.HasPrefix(libRoot()) {
		return []string{fmt.Sprintf("%s: package %s: ecslint.lib is reserved for ecslint's own libraries; import them, do not extend them",
			pkgAt, showRef(pkg))}
	}
	prefixOf := false
	for _, b := range builtin {
		switch {
		case pkg.Equal(b.path) && sameOK:
			return nil
		case pkg.Equal(b.path):
			return []string{fmt.Sprintf("%s: package %s is %s; use a package of your own, ecslint.rules.<kind>.<name>",
				pkgAt, showRef(pkg), b.what)}
		case pkg.HasPrefix(b.path):
			return []string{fmt.Sprintf("%s: package %s extends %s, %s; use a package of your own, ecslint.rules.<kind>.<name>",
				pkgAt, showRef(pkg), showRef(b.path), b.what)}
		case b.path.HasPrefix(pkg):
			prefixOf = true
		}
	}
	if !prefixOf {
		return nil
	}
	// The package holds built-in packages: name the rules that reach into
	// one, else the package clause.
	var problems []string
	for _, r := range mod.Rules {
		full := ruleRef(pkg, r)
		for _, b := range builtin {
			if !overlaps(full, b.path) {
				continue
			}
			target := showRef(b.path) + ", " + b.what
			if b.path.HasPrefix(full) && !full.Equal(b.path) {
				target = showRef(full) + ", where ecslint's built-in rules and libraries are"
			}
			problems = append(problems, fmt.Sprintf("%s: rule %s in package %s extends %s; user policies may not change ecslint's own",
				at(r.Location), r.Head.Ref(), showRef(pkg), target))
			break
		}
	}
	if len(problems) == 0 {
		problems = append(problems, fmt.Sprintf("%s: package %s is reserved: ecslint's built-in rules and libraries are below it; name yours ecslint.rules.<kind>.<name>",
			pkgAt, showRef(pkg)))
	}
	return problems
}
