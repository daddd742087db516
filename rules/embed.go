// Package rules holds ecslint's built-in Rego policies, one package per
// rule under <kind>/<rule>/, each with its unit tests (_test.rego) and
// fixtures (testdata/) next to it.
package rules

import "embed"

//go:generate go run gen.go

// FS holds every policy, its Rego tests and its fixtures (the fixtures feed
// the documentation that ecslint explain prints).
//
//go:embed */*/*.rego all:*/*/testdata
var FS embed.FS
