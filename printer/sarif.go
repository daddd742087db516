package printer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path"
	"runtime"
	"strconv"
	"strings"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// SARIF is SARIF 2.1.0 for code-scanning services (GitHub code scanning,
// Azure DevOps, ...): every loaded rule with its help, results with exact
// regions (columns in Unicode code points), fixes where a finding has one,
// and partial fingerprints that survive lines moving.
type SARIF struct{}

// Name implements Printer.
func (SARIF) Name() string { return "sarif" }

// Tool facts shown in the SARIF driver.
const (
	ToolName = "ecslint"
	ToolURI  = "https://github.com/ecslint/ecslint"
)

// fingerprintKey names ecslint's partial fingerprint; the version suffix
// changes if the recipe ever does.
const fingerprintKey = "ecslint/v1"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           map[string]any  `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// sarifLevel maps a severity to a SARIF level (they share the names).
func sarifLevel(severity string) string {
	switch severity {
	case report.SeverityError, report.SeverityWarning, report.SeverityNote:
		return severity
	}
	return "none"
}

// artifact is a file as SARIF names it: a relative URI against the
// checkout root (%SRCROOT%), an absolute one as a file URI (on Windows,
// C:/x is file:///C:/x).
func artifact(file string) sarifArtifact {
	if strings.HasPrefix(file, "/") {
		return sarifArtifact{URI: "file://" + escapePath(file)}
	}
	if runtime.GOOS == "windows" && len(file) >= 3 && file[1] == ':' && file[2] == '/' && isLetter(file[0]) {
		return sarifArtifact{URI: "file:///" + file[:2] + escapePath(file[2:])}
	}
	// RFC 3986 4.2: in a relative reference the first segment may not hold
	// a colon, or javascript:alert(1).json reads as a URI with a scheme.
	uri := escapePath(file)
	if first, rest, found := strings.Cut(uri, "/"); strings.Contains(first, ":") {
		uri = strings.ReplaceAll(first, ":", "%3A")
		if found {
			uri += "/" + rest
		}
	}
	return sarifArtifact{URI: uri, URIBaseID: "%SRCROOT%"}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// escapePath percent-encodes, as RFC 3986 says, what a URI path may not
// hold: anything but unreserved characters, sub-delims, ":", "@" and "/"
// (so "%", "#", "?", spaces, controls and every byte of a non-ASCII
// character).
func escapePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/!$&'()*+,;=:@", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		const hexDigits = "0123456789ABCDEF"
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// ruleName is the PascalCase name SARIF rules carry (TD001's package
// dockerhub_unauthenticated gives DockerhubUnauthenticated).
func ruleName(r *report.Rule) string {
	var b strings.Builder
	for _, w := range strings.Split(r.Name, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// fingerprint identifies a finding across runs: its rule, file, message
// and, for identical findings, its occurrence; never its line, so that
// editing lines above it keeps the alert.
func fingerprint(f report.Finding, seen map[string]int) string {
	h := sha256.Sum256([]byte(f.Rule.ID + "\x00" + f.File + "\x00" + f.Message))
	key := hex.EncodeToString(h[:16])
	seen[key]++
	if n := seen[key]; n > 1 {
		return key + ":" + strconv.Itoa(n)
	}
	return key
}

// insertedText is a fix's replacement as it must appear in the file: a
// JSON string value's range includes its quotes.
func insertedText(f report.Finding) string {
	if strings.EqualFold(path.Ext(f.File), ".json") || f.Rule.Kind == "taskdef" {
		b, _ := json.Marshal(f.Fix.Text)
		return string(b)
	}
	return f.Fix.Text
}

func region(r parser.Range) *sarifRegion {
	return &sarifRegion{StartLine: r.Start.Line, StartColumn: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column}
}

// Print implements Printer.
func (SARIF) Print(w io.Writer, r *report.Report, opts Options) error {
	version := opts.ToolVersion
	if version == "" {
		version = "dev"
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: ToolName, InformationURI: ToolURI, Version: version,
			Rules: make([]sarifRule, 0, len(r.Rules))}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(r.Errors) == 0, ToolExecutionNotifications: []sarifNotification{}}},
		Results:     make([]sarifResult, 0, len(r.Findings)),
		ColumnKind:  "unicodeCodePoints",
	}
	index := map[string]int{}
	for i, rule := range r.Rules {
		index[rule.ID] = i
		help := rule.Remediation
		if help == "" {
			help = rule.Title
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: rule.ID, Name: ruleName(rule),
			ShortDescription:     sarifText{Text: rule.Title},
			FullDescription:      sarifText{Text: rule.Description},
			Help:                 sarifText{Text: help, Markdown: help + "\n\nSee [" + rule.ID + "](" + rule.HelpURI + ")."},
			HelpURI:              rule.HelpURI,
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(rule.Severity)},
			Properties:           map[string]any{"tags": []string{rule.Kind}},
		})
	}
	seen := map[string]int{}
	for _, f := range r.Findings {
		loc := artifact(f.File)
		res := sarifResult{
			RuleID: f.Rule.ID, RuleIndex: index[f.Rule.ID], Level: sarifLevel(f.Severity),
			Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: loc,
				Region: region(f.Range)}}},
			PartialFingerprints: map[string]string{fingerprintKey: fingerprint(f, seen)},
		}
		if f.Fix != nil {
			res.Fixes = []sarifFix{{
				Description: sarifText{Text: "Replace with " + f.Fix.Text},
				ArtifactChanges: []sarifArtifactChange{{ArtifactLocation: loc, Replacements: []sarifReplacement{{
					DeletedRegion:   *region(f.Fix.Range),
					InsertedContent: sarifText{Text: insertedText(f)},
				}}}},
			}}
		}
		run.Results = append(run.Results, res)
	}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{Text: e.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: artifact(e.File)}}}}
		if e.Line > 0 {
			n.Locations[0].PhysicalLocation.Region = &sarifRegion{StartLine: e.Line, StartColumn: e.Column}
		}
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, n)
	}
	return writeJSON(w, sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}
