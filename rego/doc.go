// Package rego loads ecslint's Rego policies, validates their metadata,
// and evaluates documents, one at a time and safe for concurrent use (the
// caller brings the parallelism). The embedded rules of a document kind,
// with the libraries they refer to, are compiled and prepared when the
// first document of that kind is evaluated; the user's policies when they
// are loaded, so that their mistakes are reported at start-up.
//
// The input of a document is built as an OPA value directly: from the
// decoded JSON tree of a task definition, from plain Go values, and once
// for parts many documents share (Share).
//
// Policies live in packages named ecslint.rules.<kind>.<rule> and define a
// partial set rule "deny" whose members are objects
//
//	{"path": [...], "message": "...", "fix": "..."}
//
// The path points into the input document; the engine maps it to a source
// range through the document's locator (resolved when the finding is
// returned) and adds id, title, severity and help URL from the package's
// # METADATA block. Rules never compute positions.
package rego
