// Package docfacts puts together the facts of one document, the input's
// "facts" that the rules read (DESIGN.md §2-§3): the facts stage of the
// pipeline, between parsing and evaluation. It combines the analyses of
// package facts (image references, secret ARNs) with the run-wide IAM index
// of package iam; it is not part of package facts because iam imports facts.
//
// # What a document gets
//
// Workspace.Document returns, for every document, "images": by raw image
// string, the analysis of each image it pulls (a task definition's
// containers; a Dockerfile's FROM images that are not stages or scratch,
// its COPY and RUN --from images and its # syntax= image), with whether
// config private_registries lists the registry (privateRegistry) and where
// another container of the run pulls from the same third-party registry
// with credentials (credentialsElsewhere). A task definition gets as well
// "secrets", by credentialsParameter or valueFrom, the secret's analysis
// with the IAM subjects an execution role must be allowed on and the KMS
// key the index knows for it; "containersOnly", whether it was read from
// bare container definitions; and, when it names an executionRoleArn and is
// not containers only, "executionRole", the role as the index resolves it,
// with only the statements that may decide something about the document's
// subjects (iam.Relevant).
//
// Beside the facts, the workspace gives what the run reports about a
// document: the images that cannot be judged statically (Unresolved) and
// the execution role's permissions boundary (Boundary), both for
// --verbose; and what a finding keeps after its document is gone (ImagesOf,
// Intern, NeedPaths, NeedImages).
//
// # Run-wide facts
//
// Some facts depend on more than the document. New takes them once per
// run, after the index pass: the IAM index (execution roles, their
// policies and boundaries, secrets' KMS keys), the configuration
// (private_registries, and the ignore entries that decide what findings
// keep), and the registries that containers pull from with credentials.
// The index pass finds those with CredentialSites, document by document,
// and FirstSites keeps the first site of each registry in sorted order, so
// that the facts do not depend on the order files are read in.
//
// # Caches
//
// Images, execution roles and findings' texts recur across the files of a
// run; the workspace analyzes each once and keeps the result in a cache
// that forgets everything when it is full: up to 4096 image analyses, the
// Rego values of the 256 most recent images' facts (rego.Share, converted
// once and shared by the inputs of the documents that pull them), 512
// execution roles (each with the value of all its statements once a
// document needs them all) and 4096 interned texts. Cached values are pure
// functions of their keys, so forgetting costs time, never a different
// result, and memory follows the largest file, not the tree. The
// descriptions of resource patterns in role statements are kept for the
// run.
//
// # Concurrency
//
// A Workspace is safe for concurrent use: the lint pass calls it from
// several goroutines at once. One mutex guards the caches; the catalog,
// configuration, index and credentials given to New are only read.
// CredentialSites and FirstSites keep no state.
package docfacts
