// Package lint runs ecslint's pipeline: walk the paths (package discover),
// classify and parse each file, compute facts (per document and across the
// whole run), evaluate the Rego rules, filter by configuration, and return
// a sorted, de-duplicated report for a printer.
package lint
