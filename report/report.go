// Package report holds what a run produces and printers read: rules'
// metadata, findings, errors, notices and skipped files. It depends on no
// stage of the pipeline but the parser's positions, so that printers never
// import the policy engine.
package report

import "github.com/ecslint/ecslint/parser"

// Severities, from most to least severe. They are the SARIF levels.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityNote    = "note"
)

// SeverityRank orders severities: error 3, warning 2, note 1, unknown 0.
func SeverityRank(s string) int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityNote:
		return 1
	}
	return 0
}

// DocsBase is where the generated per-rule documentation lives.
const DocsBase = "https://github.com/ecslint/ecslint/blob/main/"

// Link is a related resource of a rule.
type Link struct {
	URL         string
	Description string
}

// Rule is one policy and its metadata, read from the package's # METADATA.
type Rule struct {
	ID          string
	Title       string
	Description string
	Severity    string // default severity
	Remediation string
	Related     []Link
	Kind        string // document kind the rule applies to
	Name        string // last package segment, e.g. dockerhub_unauthenticated
	Package     string // e.g. ecslint.rules.taskdef.dockerhub_unauthenticated
	File        string // path of the .rego file inside its file system
	// IDLine and IDColumn locate "id:" in the METADATA block (or the
	// package clause when it is absent), for errors about the id.
	IDLine, IDColumn int
	// PkgLine is the line of the package clause.
	PkgLine int
	HelpURI string
	User    bool // from the user's --policy or config policies:
}

// DocPath is the repository-relative path of the rule's generated README.
func (r *Rule) DocPath() string {
	return "rules/" + r.Kind + "/" + r.Name + "/README.md"
}

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

// Fix is a replacement for the source range of a finding.
type Fix struct {
	Text  string
	Range parser.Range
}

// Finding is one problem found by a rule, positioned in its file.
type Finding struct {
	Rule     *Rule
	Severity string // effective severity, after configuration
	Message  string
	File     string
	Range    parser.Range
	// Path is the document path the rule returned. After a run it is
	// kept only when a configuration ignore entry matches by pointer
	// (lint drops it otherwise, with the document).
	Path []any
	Fix  *Fix
	// Images are the image strings the finding is about, as written and
	// normalized, for config ignore entries that name an image; set by
	// the pipeline while the document is in memory, when the
	// configuration has such an entry.
	Images []string
}
