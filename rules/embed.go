// Package rules holds ecslint's built-in Rego policies, one package per
// rule under <kind>/<rule>/, each with its unit tests (_test.rego) and
// fixtures (testdata/) next to it.
package rules

import "embed"

// FS holds every policy and Rego test file.
//
//go:embed */*/*.rego
var FS embed.FS
