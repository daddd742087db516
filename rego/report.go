package rego

// FileError is a target file that could not be read or parsed.
type FileError struct {
	File    string
	Line    int // 0 when the error has no position
	Column  int
	Message string
}

// Notice is something the user should know that is not a finding: an
// expired suppression, a file skipped for its size, an unresolved image.
type Notice struct {
	Verbose bool // shown only with --verbose
	File    string
	Line    int
	Column  int
	Message string
}

// Skip is a file that was not linted, with the reason. Listed by --verbose.
// A file skipped with a notice (binary, too large, looks like a target but
// holds none) is in Report.Notices only, so that it is named once.
type Skip struct {
	File   string
	Reason string
}

// Report is the finished result of a run, ready for a printer. Printers
// must not sort, filter or mutate it.
type Report struct {
	Rules    []*Rule   // every loaded rule, sorted by ID
	Findings []Finding // sorted by file, line, column, rule
	Errors   []FileError
	Notices  []Notice
	Skipped  []Skip
	Linted   []string // files linted (parsed, with or without findings), sorted
	// Unsupported counts target files in formats this version cannot lint
	// yet (CloudFormation, Terraform); they are in Skipped too.
	Unsupported int
}
