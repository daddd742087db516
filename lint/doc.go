// Package lint wires ecslint's pipeline stages together (DESIGN.md §2):
// discovery (package discover), classification (package classify),
// parsing (package parser and its format subpackages), facts (packages
// facts and iam, put together per document by package facts/docfacts),
// evaluation (package rego), suppression and configuration filters
// (package suppress, config), and the report that printers read (package
// report).
//
// A run is two passes over the files. The index pass reads only what
// feeds run-wide facts, the IAM sources and the registries that task
// definitions pull from with credentials, and keeps only those facts;
// Dockerfiles are not read in it. The lint pass then takes one file at a
// time through parse, facts, evaluation, positions and inline ignores, and
// keeps only the file's findings (file, range, message, fix), never its
// text or documents. Memory therefore follows the largest file and the
// number of findings, not the size of the tree; the analyses shared across
// files (images, execution roles, messages) are cached up to a bound, by
// the facts stage (package facts/docfacts).
package lint
