// Package classify decides what a file is to ecslint, the part of the walk
// stage of the pipeline (DESIGN.md §2) that comes after discovery: a
// Dockerfile, a JSON task definition or container definitions, an IAM
// source, a target in a format not supported yet, or none of these (a
// file skipped silently).
//
// It decides from a file's base name and, when the name does not settle
// it (NeedsContent), from its text: a name like a Dockerfile
// (DockerfileName) is always one; a weak Dockerfile name needs a FROM
// instruction; a JSON candidate (JSONCandidate) is a task definition when
// its text looks like one (ecsjson.Sniff), when it is an array named like
// container definitions or read by a Terraform file() or templatefile()
// call (ContainersDeclared, TFReaders), and an IAM source when iam.Sniff
// says so; Terraform, CloudFormation and YAML files that hold task
// definitions or IAM roles are Unsupported. Standard input is always a
// target (Stdin). UTF-16 and UTF-32 text is recognized (DetectEncoding)
// so that it can be classified and reported; NUL bytes are found by
// Binary. The name lists also give the pre-commit hook its files: pattern
// (PreCommitPattern) and the walk its predicate for files that are not
// regular files (Candidate).
//
// It does not read the files it classifies (the caller reads them, at
// most MaxFileSize bytes, and passes their text), and it does not parse
// them: it looks for what tells the formats apart, and the parsers of
// package parser report what is wrong in a target. The exceptions:
// TFReaders reads the *.tf files near a JSON array for the calls that name
// it, and StdinReason decodes standard input that starts like JSON for
// the position of its syntax error. Package lint runs classification
// between reading a file and parsing it.
package classify
