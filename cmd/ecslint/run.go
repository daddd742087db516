package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/ecslint/ecslint/classify"
	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/internal/ruledocs"
	"github.com/ecslint/ecslint/internal/safeio"
	"github.com/ecslint/ecslint/lint"
	"github.com/ecslint/ecslint/printer"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/report"
	"github.com/ecslint/ecslint/rules"
)

// Exit codes (DESIGN.md §5).
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitError    = 2 // usage, config or I/O error, or a target that could not be parsed
)

const usage = `Usage:
  ecslint [flags] [PATH ...]   lint files and folders (default ".")
  ecslint rules                list every rule (id, severity, title)
  ecslint explain ID           full documentation of one rule
  ecslint verify DIR ...       run the _test.rego tests of your own policies
  ecslint version              print the version (also --version)
  ecslint completion SHELL     print a completion script for bash, zsh or fish

PATH may be a file, a folder (searched recursively) or - for standard input.
Flags may come before or after paths; after -- every argument is a path.

Output:
  -f, --format FORMAT        %s (default text)
  -o, --output FILE          write the report to FILE instead of standard output
      --fail-on LEVEL        exit 1 on findings at or above error|warning|note|none (default warning)
      --color WHEN           auto|always|never (default auto: on a terminal, unless NO_COLOR is set;
                             FORCE_COLOR or CLICOLOR_FORCE turn it on)
      --no-color             same as --color never
      --show-source          show each finding's source line with a caret (text format; default
                             on a terminal); --show-source=false turns it off
  -v, --verbose              also list skipped files and unresolved images (on stderr)

Rules and configuration:
  -c, --config FILE          configuration file (default: .ecslint.yaml searched upward from the cwd)
      --enable IDS           enable rules (comma-separated ids), after the config file
      --disable IDS          disable rules (comma-separated ids), after the config file
      --stdin-filename NAME  name of the file read from standard input, for its type and in output
      --no-inline-ignores    disregard "# ecslint ignore=" comments in files (audits); config ignores still apply
      --policy DIR           also evaluate your own Rego policies in DIR (repeatable; see verify)
      --timeout DURATION     stop evaluating a document after this long (default 10s)
      --iam FILE             IAM source for execution-role checks (repeatable): aws iam
                             get-account-authorization-details output, describe-secret, list-secrets
                             or describe-parameters output, or a policy document named under roles:

Other:
  -h, --help                 this text
      --version              print the version

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage, configuration or I/O error, or a file that could not be parsed.
`

type flags struct {
	format, output, failOn, config, stdinName, color string
	enable, disable, iam, policies                   []string
	timeout                                          time.Duration
	noColor, verbose, help, noInline, version        bool
	showSource                                       bool
	showSourceSet                                    bool // --show-source given, either way
}

func newFlagSet(f *flags) *pflag.FlagSet {
	fs := pflag.NewFlagSet("ecslint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVarP(&f.format, "format", "f", "text", "")
	fs.StringVarP(&f.output, "output", "o", "", "")
	fs.StringVar(&f.failOn, "fail-on", "warning", "")
	fs.StringVarP(&f.config, "config", "c", "", "")
	fs.StringVar(&f.stdinName, "stdin-filename", "", "")
	fs.StringSliceVar(&f.enable, "enable", nil, "")
	fs.StringSliceVar(&f.disable, "disable", nil, "")
	fs.StringArrayVar(&f.iam, "iam", nil, "")
	fs.StringArrayVar(&f.policies, "policy", nil, "")
	fs.DurationVar(&f.timeout, "timeout", rego.DefaultTimeout, "")
	fs.BoolVar(&f.noColor, "no-color", false, "")
	fs.StringVar(&f.color, "color", "auto", "")
	fs.BoolVar(&f.showSource, "show-source", false, "")
	fs.BoolVar(&f.version, "version", false, "")
	fs.BoolVar(&f.noInline, "no-inline-ignores", false, "")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "")
	fs.BoolVarP(&f.help, "help", "h", false, "")
	return fs
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var f flags
	fs := newFlagSet(&f)
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "ecslint: %s\n\n", printer.Escape(err.Error()))
		fmt.Fprintf(stderr, usage, strings.Join(printer.Names(), "|"))
		return exitError
	}
	if f.help {
		fmt.Fprintf(stdout, usage, strings.Join(printer.Names(), "|"))
		return exitOK
	}
	if f.version {
		fmt.Fprintln(stdout, versionString())
		return exitOK
	}
	f.showSourceSet = fs.Changed("show-source")
	ctx := context.Background()
	rest := fs.Args()
	// After "--" every argument is a path, even one named like a command.
	if len(rest) > 0 && fs.ArgsLenAtDash() != 0 {
		switch rest[0] {
		case "version":
			if len(rest) > 1 {
				return usageError(stderr, "version takes no arguments")
			}
			fmt.Fprintln(stdout, versionString())
			return exitOK
		case "completion":
			if len(rest) != 2 {
				return usageError(stderr, "completion takes one shell: bash, zsh or fish")
			}
			return completion(ctx, f, rest[1], stdout, stderr)
		case "verify":
			if len(rest) < 2 {
				return usageError(stderr, "verify takes one or more policy folders, e.g. ecslint verify policies/")
			}
			return verify(ctx, rest[1:], f.timeout, stdout, stderr)
		case "rules", "explain":
			cwd, err := os.Getwd()
			if err != nil {
				printError(stderr, err)
				return exitError
			}
			eng, _, err := engineAndConfig(ctx, f, cwd)
			if err != nil {
				printError(stderr, err)
				return exitError
			}
			if rest[0] == "rules" {
				if len(rest) > 1 {
					return usageError(stderr, "rules takes no arguments")
				}
				return listRules(stdout, stderr, eng, f)
			}
			if len(rest) != 2 {
				return usageError(stderr, "explain takes one rule id, e.g. ecslint explain TD001")
			}
			return explain(stdout, stderr, eng, rest[1])
		}
	}
	return lintCmd(ctx, f, rest, stdin, stdout, stderr)
}

func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "ecslint: %s\n", msg)
	return exitError
}

func lintCmd(ctx context.Context, f flags, paths []string, stdin io.Reader, stdout, stderr io.Writer) int {
	p, err := printer.Lookup(f.format)
	if err != nil {
		return usageError(stderr, "--format: "+err.Error())
	}
	// A threshold above every severity ("none") never fails.
	threshold := report.SeverityRank(f.failOn)
	if f.failOn == "none" {
		threshold = report.SeverityRank(report.SeverityError) + 1
	} else if threshold == 0 {
		return usageError(stderr, fmt.Sprintf("--fail-on: %q is not error, warning, note or none", f.failOn))
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	stdinCount := 0
	for _, p := range paths {
		if p == "-" {
			stdinCount++
		}
	}
	if stdinCount > 1 {
		return usageError(stderr, "- (standard input) may be given once")
	}
	if f.stdinName != "" && stdinCount == 0 {
		return usageError(stderr, "--stdin-filename needs - among the paths")
	}
	color, err := colorMode(f, os.Getenv, isTerminal(stdout))
	if err != nil {
		return usageError(stderr, err.Error())
	}
	cwd, err := os.Getwd()
	if err != nil {
		printError(stderr, err)
		return exitError
	}

	eng, cfg, err := engineAndConfig(ctx, f, cwd)
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	for _, key := range cfg.Unsupported {
		fmt.Fprintf(stderr, "ecslint: %s: %s is not supported by this version yet; ignored\n", printer.QuoteFile(cfg.File), strconv.Quote(key))
	}

	// Standard input is read once by the linter; keep a copy for
	// --show-source.
	var stdinCopy bytes.Buffer
	if stdinCount > 0 {
		stdin = io.TeeReader(stdin, &stdinCopy)
	}
	l := &lint.Linter{Engine: eng, Catalog: facts.NewCatalog()}
	rep, err := l.Run(ctx, lint.Options{
		Paths:           paths,
		Stdin:           stdin,
		StdinFilename:   f.stdinName,
		Cwd:             cwd,
		Config:          cfg,
		Enable:          splitIDs(f.enable),
		Disable:         splitIDs(f.disable),
		IAM:             f.iam,
		NoInlineIgnores: f.noInline,
	})
	if err != nil {
		printError(stderr, err)
		return exitError
	}

	out := stdout
	var file *os.File
	if f.output != "" {
		file, err = os.Create(f.output)
		if err != nil {
			printError(stderr, err)
			return exitError
		}
		out = file
	}
	terminal := file == nil && isTerminal(stdout)
	opts := printer.Options{
		Color:       color,
		ToolVersion: mainVersion(),
		FailOn:      threshold,
		ShowSource:  f.showSource || !f.showSourceSet && terminal,
		Source:      sourceReader(cwd, f.stdinName, stdinCount > 0, stdinCopy.Bytes),
	}
	perr := p.Print(out, rep, opts)
	if file != nil {
		if cerr := file.Close(); perr == nil {
			perr = cerr
		}
	}
	if perr != nil {
		printError(stderr, fmt.Errorf("write report: %w", perr))
		return exitError
	}
	printDiagnostics(stderr, rep, f.verbose)
	if len(rep.Linted) == 0 && len(rep.Errors) == 0 {
		shown := make([]string, len(paths))
		for i, p := range paths {
			shown[i] = printer.QuoteFile(p)
		}
		fmt.Fprintf(stderr, "ecslint: no Dockerfiles or task definitions found in %s%s\n", strings.Join(shown, " "), skippedHint(rep, f.verbose))
	}

	switch {
	case len(rep.Errors) > 0:
		return exitError
	case worst(rep) >= threshold:
		return exitFindings
	}
	return exitOK
}

// colorMode decides whether the report is colored: --color always or
// never (--no-color) decide; auto colors a terminal unless NO_COLOR is
// set, and FORCE_COLOR or CLICOLOR_FORCE (non-empty, not "0") color
// anything, as CI logs that render ANSI colors want. A report written to
// --output is colored only with --color always.
func colorMode(f flags, getenv func(string) string, terminal bool) (bool, error) {
	if f.noColor {
		return false, nil
	}
	set := func(k string) bool { v := getenv(k); return v != "" && v != "0" }
	switch f.color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		switch {
		case set("FORCE_COLOR") || set("CLICOLOR_FORCE"):
			return f.output == "", nil
		case getenv("NO_COLOR") != "":
			return false, nil
		}
		return terminal && f.output == "", nil
	}
	return false, fmt.Errorf("--color: %q is not auto, always or never", f.color)
}

// sourceReader returns the content of a reported file for --show-source:
// standard input from the copy kept while linting, other files from disk
// (reported paths are relative to the cwd or absolute). Read errors show
// no source.
func sourceReader(cwd, stdinName string, haveStdin bool, stdinText func() []byte) func(string) []byte {
	return func(name string) []byte {
		if haveStdin && (name == filepath.ToSlash(stdinName) || stdinName == "" && name == lint.StdinName) {
			return stdinText()
		}
		p := filepath.FromSlash(name)
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		// The file may have been swapped for a named pipe or a link to
		// /dev/zero since it was linted.
		b, err := safeio.ReadFile(p, classify.MaxFileSize)
		if err != nil {
			return nil
		}
		return b
	}
}

// printError writes a run-wide error to stderr after "ecslint: ", as
// safeLines writes it.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, safeLines("ecslint: "+err.Error()))
}

// safeLines returns text that holds values from files (an error naming a
// file, the metadata of a user's policy) with its lines and tabs kept and
// the rest escaped (printer.Escape), and a backslash before a line that
// starts with "::", which GitHub Actions would run as a workflow command.
func safeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		cells := strings.Split(line, "\t")
		for j, c := range cells {
			cells[j] = printer.Escape(c)
		}
		line = strings.Join(cells, "\t")
		if strings.HasPrefix(line, "::") {
			line = `\` + line
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// skippedHint says why a run found nothing to lint.
func skippedHint(rep *report.Report, verbose bool) string {
	if len(rep.Skipped) == 0 {
		return ""
	}
	if verbose {
		return fmt.Sprintf(" (%d skipped, listed above)", len(rep.Skipped))
	}
	return fmt.Sprintf(" (%d skipped; -v lists them)", len(rep.Skipped))
}

// printDiagnostics writes notices (always) and, with --verbose, skipped
// files and unresolved images to stderr, apart from the report.
func printDiagnostics(w io.Writer, rep *report.Report, verbose bool) {
	for _, n := range rep.Notices {
		if n.Verbose && !verbose {
			continue
		}
		loc := printer.QuoteFile(n.File)
		if n.Line > 0 {
			loc = fmt.Sprintf("%s:%d:%d", loc, n.Line, n.Column)
		}
		fmt.Fprintf(w, "%s: notice: %s\n", loc, printer.Escape(n.Message))
	}
	if verbose {
		for _, s := range rep.Skipped {
			fmt.Fprintf(w, "%s: skipped: %s\n", printer.QuoteFile(s.File), printer.Escape(s.Reason))
		}
	}
}

func worst(rep *report.Report) int {
	w := 0
	for _, f := range rep.Findings {
		w = max(w, report.SeverityRank(f.Severity))
	}
	return w
}

func splitIDs(list []string) []string {
	var out []string
	for _, s := range list {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// loadConfig reads the configuration; with eng nil rule ids are not checked.
func loadConfig(explicit, cwd string, eng *rego.Engine) (*config.Config, error) {
	known := func(string) bool { return true }
	if eng != nil {
		known = func(id string) bool { return eng.Rule(id) != nil }
	}
	path := explicit
	if path == "" {
		found, err := config.Find(cwd)
		if err != nil {
			return nil, err
		}
		if found == "" {
			return config.Default(cwd), nil
		}
		path = found
	}
	cfg, err := config.Load(path, known)
	if err != nil {
		return nil, err
	}
	if rel, rerr := filepath.Rel(cwd, path); rerr == nil && !strings.HasPrefix(rel, "..") {
		cfg.File = filepath.ToSlash(rel)
	}
	return cfg, nil
}

// engineAndConfig loads the configuration and the rules: the embedded
// ones and the user's (--policy and config policies:). The config names
// policy folders and its rule ids are checked against every loaded rule,
// so it is read once for the folders, then for real.
func engineAndConfig(ctx context.Context, f flags, cwd string) (*rego.Engine, *config.Config, error) {
	cfg, err := loadConfig(f.config, cwd, nil)
	if err != nil {
		return nil, nil, err
	}
	dirs := flagPolicyDirs(f.policies)
	for _, e := range cfg.Policies {
		dirs = append(dirs, policyDir{
			path:   configPath(cfg, cwd, e.Value),
			origin: fmt.Sprintf("%s:%d:%d: policies: %s", cfg.File, e.Line, e.Column, e.Value),
		})
	}
	eng, err := loadEngine(ctx, cwd, dirs)
	if err != nil {
		return nil, nil, err
	}
	eng.SetTimeout(f.timeout)
	if cfg, err = loadConfig(f.config, cwd, eng); err != nil {
		return nil, nil, err
	}
	return eng, cfg, nil
}

// policyDir is a folder of the user's policies and where it was named, for
// errors: "--policy DIR" or "config.yaml:3:12: policies: DIR".
type policyDir struct {
	path, origin string
}

func flagPolicyDirs(paths []string) []policyDir {
	out := make([]policyDir, 0, len(paths))
	for _, p := range paths {
		out = append(out, policyDir{path: p, origin: "--policy " + p})
	}
	return out
}

// configPath resolves a path written in the config file: relative to the
// config's folder, shown relative to the cwd when below it.
func configPath(cfg *config.Config, cwd, p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(cfg.Dir, p)
	}
	if rel, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}

// loadEngine loads the embedded rules and the user's policy folders.
func loadEngine(ctx context.Context, cwd string, dirs []policyDir) (*rego.Engine, error) {
	sources, err := policySources(cwd, dirs)
	if err != nil {
		return nil, err
	}
	return rego.Load(ctx, append([]rego.Source{{FS: rules.FS, Root: "."}}, sources...)...)
}

// policySources turns policy folders into sources named as given.
func policySources(cwd string, dirs []policyDir) ([]rego.Source, error) {
	var out []rego.Source
	for _, d := range dirs {
		abs := d.path
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, d.path)
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.origin, unwrapPathErr(err))
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s: not a folder", d.origin)
		}
		out = append(out, rego.Source{FS: os.DirFS(abs), Root: ".", Name: filepath.ToSlash(filepath.Clean(d.path)), User: true})
	}
	return out, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// verify runs the user's policy tests (ecslint verify DIR...), each for at
// most timeout (--timeout).
func verify(ctx context.Context, dirs []string, timeout time.Duration, stdout, stderr io.Writer) int {
	cwd, err := os.Getwd()
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	// The policies must load as they would for a lint run: metadata, ids,
	// capabilities.
	pdirs := flagPolicyDirs(dirs)
	if _, err := loadEngine(ctx, cwd, pdirs); err != nil {
		printError(stderr, err)
		return exitError
	}
	sources, err := policySources(cwd, pdirs)
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	results, err := rego.RunUserTests(ctx, timeout, rego.Source{FS: rules.FS, Root: "."}, sources...)
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Location < results[j].Location })
	failed := 0
	for _, r := range results {
		status := "PASS"
		switch {
		case r.Skip:
			status = "SKIP"
		case !r.Pass:
			status = "FAIL"
			failed++
		}
		fmt.Fprintf(stdout, "%s %s %s.%s\n", status, printer.Escape(r.Location), printer.Escape(strings.TrimPrefix(r.Package, "data.")), printer.Escape(r.Name))
		if r.Err != nil {
			fmt.Fprintf(stdout, "    %s\n", printer.Escape(r.Err.Error()))
		}
	}
	if len(results) == 0 {
		fmt.Fprintf(stderr, "ecslint: no tests (rules named test_* in _test.rego files) in %s\n", printer.Escape(strings.Join(dirs, ", ")))
		return exitFindings
	}
	fmt.Fprintf(stdout, "%d tests, %d failed\n", len(results), failed)
	if failed > 0 {
		return exitFindings
	}
	return exitOK
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func listRules(stdout, stderr io.Writer, eng *rego.Engine, f flags) int {
	switch f.format {
	case "json":
		return listRulesJSON(stdout, eng)
	case "text":
	default:
		return usageError(stderr, fmt.Sprintf("rules --format: %q is not text or json", f.format))
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tKIND\tTITLE")
	for _, r := range eng.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Kind, printer.Escape(r.Title))
	}
	if err := tw.Flush(); err != nil {
		return exitError
	}
	return exitOK
}

// ruleJSON is one rule in `ecslint rules --format json`, an API like the
// report's JSON: fields never change meaning.
type ruleJSON struct {
	ID          string `json:"id"`
	Severity    string `json:"severity"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Remediation string `json:"remediation"`
	HelpURI     string `json:"helpUri"`
	User        bool   `json:"user"`
}

func listRulesJSON(w io.Writer, eng *rego.Engine) int {
	out := struct {
		Version int        `json:"version"`
		Rules   []ruleJSON `json:"rules"`
	}{Version: 1, Rules: []ruleJSON{}}
	for _, r := range eng.Rules() {
		out.Rules = append(out.Rules, ruleJSON{
			ID: r.ID, Severity: r.Severity, Kind: r.Kind, Title: r.Title,
			Description: r.Description, Remediation: r.Remediation, HelpURI: r.HelpURI, User: r.User,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return exitError
	}
	return exitOK
}

func explain(stdout, stderr io.Writer, eng *rego.Engine, id string) int {
	r := eng.Rule(id)
	if r == nil {
		fmt.Fprintf(stderr, "ecslint: unknown rule %q (see `ecslint rules`)\n", id)
		return exitError
	}
	var ex []ruledocs.Example
	if !r.User { // the user's rules have no fixtures in ecslint's tree
		var err error
		if ex, err = ruledocs.Examples(rules.FS, r); err != nil {
			printError(stderr, err)
			return exitError
		}
	}
	// A user's rule's metadata is the user's text: keep its lines, escape
	// the rest.
	fmt.Fprint(stdout, safeLines(strings.TrimPrefix(ruledocs.Markdown(r, ex), ruledocs.Header)))
	return exitOK
}

// version, commit and date are stamped by release builds
// (-ldflags "-X main.version=1.2.3 -X main.commit=... -X main.date=...",
// see .goreleaser.yaml); a source build leaves them empty.
var (
	version string // set by the linker
	commit  string //nolint:gochecknoglobals // set by the linker
	date    string //nolint:gochecknoglobals // set by the linker
)

// buildVersion describes the running binary: the stamped release version,
// else the module version go install recorded, else "0.0.0-dev" for a
// build from a checkout. revision and dirty come from the stamp or the
// toolchain's VCS information.
type buildVersion struct {
	version, revision, date string
	dirty                   bool
}

func currentVersion() buildVersion {
	bv := buildVersion{version: strings.TrimPrefix(version, "v"), revision: commit, date: date}
	bi, ok := debug.ReadBuildInfo()
	if ok && bv.version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		bv.version = strings.TrimPrefix(bi.Main.Version, "v")
	}
	if ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if bv.revision == "" {
					bv.revision = s.Value
				}
			case "vcs.time":
				if bv.date == "" {
					bv.date = s.Value
				}
			case "vcs.modified":
				bv.dirty = s.Value == "true"
			}
		}
	}
	if bv.version == "" {
		bv.version = "0.0.0-dev"
	}
	return bv
}

// mainVersion is the version reports record (SARIF tool.driver.version).
func mainVersion() string { return currentVersion().version }

// versionString is what --version prints: the version once, then the
// revision when the version does not already name it.
func versionString() string {
	bv := currentVersion()
	s := "ecslint " + bv.version
	var extra []string
	if rev := bv.revision; rev != "" {
		short := rev[:min(12, len(rev))]
		if !strings.Contains(bv.version, short[:min(7, len(short))]) {
			if bv.dirty {
				short += "-dirty"
			}
			extra = append(extra, "commit "+short)
		}
	}
	if bv.date != "" {
		extra = append(extra, "built "+bv.date)
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		extra = append(extra, bi.GoVersion)
		for _, d := range bi.Deps {
			switch d.Path {
			case "github.com/open-policy-agent/opa", "github.com/moby/buildkit":
				extra = append(extra, d.Path+" "+d.Version)
			}
		}
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}
