// Package rego loads ecslint's Rego policies, validates their metadata,
// prepares one query per document kind and evaluates documents in parallel.
//
// Policies live in packages named ecslint.rules.<kind>.<rule> and define a
// partial set rule "deny" whose members are objects
//
//	{"path": [...], "message": "...", "fix": "..."}
//
// The path points into the input document; the engine maps it to a source
// range through the document's index and adds id, title, severity and help
// URL from the package's # METADATA block. Rules never compute positions.
package rego
