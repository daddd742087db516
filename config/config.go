// Package config reads .ecslint.yaml (DESIGN.md §6).
//
// Every error names the file, line and column of the offending key or
// value. Unknown keys are errors, so a typo never silently disables a
// setting.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/bmatcuk/doublestar/v4"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	yamlparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/ecslint/ecslint/internal/safeio"
)

// FileName is the name searched upward from the working directory.
const FileName = ".ecslint.yaml"

// MaxSize is the largest configuration Load and Parse accept. A real
// configuration is a few KB, and 256 KiB still holds thousands of ignore
// entries. The YAML library needs up to 4 µs and 400 bytes of memory per
// byte of text (flow collections are the worst), so this bounds reading
// any configuration to about a second and 150 MB.
const MaxSize = 256 << 10

// MaxDepth is the deepest nesting of lists and mappings a configuration may
// have. The deepest setting nests three levels (ignore: - rule: [...]); the
// YAML library needs memory that grows much faster than the depth (3.8 GB
// at 50,000 levels), so the depth is checked before the text is parsed.
const MaxDepth = 64

// RuleSetting is the configured state of one rule.
type RuleSetting struct {
	Off      bool
	Severity string // "" keeps the rule's default
}

// Ignore suppresses findings or whole files.
type Ignore struct {
	Rules   []string // empty: every rule (the files are not linted at all)
	Path    string   // doublestar glob relative to the config file's folder; "" matches every file
	Pointer string   // JSON Pointer into the input document (/taskDefinition/containerDefinitions/0); "" matches every finding
	Image   string   // image glob (* and ?), matched against the image a finding is about; "" matches every finding
	Reason  string
	Expires time.Time // zero: never
	Line    int       // where the entry starts in the config file
	Column  int
}

// Entry is one positioned string value of the file.
type Entry struct {
	Value  string
	Line   int
	Column int
}

// RoleEntry is one role of roles:: the role ARN and what is attached to it,
// each a policy file (relative to Dir) or a managed policy ARN.
type RoleEntry struct {
	ARN      string
	Line     int
	Column   int
	Policies []Entry
}

// Config is a parsed .ecslint.yaml.
type Config struct {
	File              string // path of the file it was read from; "" for the default
	Dir               string // folder globs are relative to
	Rules             map[string]RuleSetting
	PrivateRegistries []string
	Ignore            []Ignore
	// IAM lists extra IAM source files (iam:), relative to Dir.
	IAM []Entry
	// Roles attaches policy files or managed policy ARNs to roles (roles:).
	Roles []RoleEntry
	// Policies lists folders of the user's Rego policies (policies:),
	// relative to Dir.
	Policies []Entry
	// Accepted for forward compatibility; see Unsupported.
	Unsupported []string
}

// Default returns the configuration used when no file exists.
func Default(dir string) *Config {
	return &Config{Dir: dir, Rules: map[string]RuleSetting{}}
}

// Find returns the path of the nearest .ecslint.yaml in dir or its parents,
// or "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find config: %w", err)
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and validates the file at path. knownRule reports whether a
// rule id exists, so that a misspelled id is an error.
// The file is read through safeio: a named pipe or a device (a link to
// /dev/zero) is an error, not a hang, and so is a file over MaxSize.
func Load(path string, knownRule func(id string) bool) (*Config, error) {
	src, err := safeio.ReadFile(path, MaxSize)
	var limit *safeio.LimitError
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe) && pe.Op == "stat":
		// safeio looks before it opens; for the user the file did not open.
		return nil, fmt.Errorf("read config: %w", &fs.PathError{Op: "open", Path: pe.Path, Err: pe.Err})
	case errors.As(err, &limit):
		return nil, fmt.Errorf("read config: %s: larger than %s, the most ecslint reads of a configuration", path, safeio.FormatSize(limit.Limit))
	case errors.Is(err, safeio.ErrNotRegular):
		return nil, fmt.Errorf("read config: %s: %w", path, err)
	case err != nil:
		return nil, fmt.Errorf("read config: %w", err)
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, dir, src, knownRule)
}

// Error is a positioned configuration error.
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

type decoder struct {
	file      string
	knownRule func(string) bool
	errs      []error
}

func (d *decoder) errorf(n ast.Node, format string, args ...any) {
	e := &Error{File: d.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		if tk := n.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		}
	}
	d.errs = append(d.errs, e)
}

// Parse parses config text; file names it in errors, dir anchors globs.
// Text over MaxSize, nested deeper than MaxDepth or using YAML aliases is
// rejected before the YAML parser builds a tree from it.
func Parse(file, dir string, src []byte, knownRule func(id string) bool) (*Config, error) {
	cfg := Default(dir)
	cfg.File = file
	if len(src) > MaxSize {
		return nil, &Error{File: file, Msg: fmt.Sprintf("larger than %s, the most ecslint reads of a configuration", safeio.FormatSize(MaxSize))}
	}
	tokens := lexer.Tokenize(string(src))
	if err := checkTokens(file, tokens); err != nil {
		return nil, err
	}
	f, err := yamlparser.Parse(tokens, 0)
	if err != nil {
		return nil, yamlError(file, err)
	}
	d := &decoder{file: file, knownRule: knownRule}
	if len(f.Docs) > 1 {
		d.errorf(f.Docs[1].Body, "only one YAML document is allowed")
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return cfg, nil
	}
	body := unwrap(f.Docs[0].Body)
	if _, isNull := body.(*ast.NullNode); isNull {
		return cfg, nil
	}
	top, ok := body.(*ast.MappingNode)
	if !ok {
		d.errorf(body, "the configuration must be a mapping of settings")
		return nil, joinErrors(file, d.errs)
	}
	for _, kv := range top.Values {
		key := kv.Key.String()
		switch key {
		case "rules":
			d.rules(cfg, kv.Value)
		case "private_registries":
			for _, n := range d.stringList(kv.Value, key) {
				reg := strings.TrimSuffix(strings.TrimSpace(n.value), "/")
				if reg == "" || strings.ContainsAny(reg, " \t") || strings.Contains(reg, "://") {
					d.errorf(n.node, "private_registries: %q is not a registry host or host/path prefix", n.value)
					continue
				}
				cfg.PrivateRegistries = append(cfg.PrivateRegistries, strings.ToLower(reg))
			}
		case "ignore":
			d.ignores(cfg, kv.Value)
		case "iam":
			cfg.IAM = d.paths(kv.Value, key)
		case "roles":
			d.roles(cfg, kv.Value)
		case "policies":
			cfg.Policies = d.paths(kv.Value, key)
		case "mirror":
			// Documented in DESIGN.md and reserved; later versions act on them.
			cfg.Unsupported = append(cfg.Unsupported, key)
		default:
			d.errorf(kv.Key, "unknown key %q (known: rules, private_registries, ignore, iam, roles, mirror, policies)", key)
		}
	}
	if len(d.errs) > 0 {
		return nil, joinErrors(file, d.errs)
	}
	return cfg, nil
}

// checkTokens rejects, at their position, nesting deeper than MaxDepth and
// aliases. The YAML parser's memory grows much faster than the nesting
// depth, so the depth is measured on the tokens first: each open flow
// collection ([ or {) is one level, and so is each block sequence or
// mapping, recognized by the column of its "-" entries and keys. Aliases
// (*name, and merge keys <<: *name) are refused outright: a configuration
// has no use for them, an unquoted glob such as *.json is read as one, and
// expanding them is how a few lines of YAML grow exponentially ("billion
// laughs"), should anything ever resolve them.
func checkTokens(file string, tokens token.Tokens) error {
	at := func(tk *token.Token, format string, args ...any) *Error {
		e := &Error{File: file, Msg: fmt.Sprintf(format, args...)}
		if tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		}
		return e
	}
	type level struct {
		col int
		seq bool
	}
	var block []level // open block collections, innermost last
	flow := 0         // open flow collections
	var errs []error
	for i, tk := range tokens {
		where := tk // the token that opens the level
		switch tk.Type {
		case token.DocumentHeaderType:
			block, flow = block[:0], 0
			continue
		case token.AliasType:
			name := "*"
			if i+1 < len(tokens) && tokens[i+1].Type == token.StringType {
				name += tokens[i+1].Value
			}
			errs = append(errs, at(tk, "%s is a YAML alias, which a configuration may not use (quote a value that starts with *)", name))
			continue
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				flow--
			}
			continue
		case token.SequenceEntryType:
			if flow > 0 || tk.Position == nil {
				continue
			}
			// A "-" at the column of a sequence is its next entry; at the
			// column of a mapping key it starts that key's value.
			c := tk.Position.Column
			for len(block) > 0 && (block[len(block)-1].col > c || block[len(block)-1].col == c && block[len(block)-1].seq) {
				block = block[:len(block)-1]
			}
			block = append(block, level{c, true})
		case token.MappingValueType:
			if flow > 0 || tk.Position == nil {
				continue
			}
			// The key starts the mapping level: the token before the ":",
			// or the ":" itself when it begins its line (after "? key").
			key := tk
			for j := i - 1; j >= 0; j-- {
				if p := tokens[j]; p.Type != token.CommentType {
					if p.Position != nil && p.Position.Line == tk.Position.Line {
						key = p
					}
					break
				}
			}
			where = key
			c := key.Position.Column
			for len(block) > 0 && block[len(block)-1].col >= c {
				block = block[:len(block)-1]
			}
			block = append(block, level{c, false})
		default:
			continue
		}
		if len(block)+flow > MaxDepth {
			errs = append(errs, at(where, "nested deeper than %d levels of lists and mappings", MaxDepth))
			return joinErrors(file, errs)
		}
	}
	return joinErrors(file, errs)
}

// maxErrors is how many errors a configuration reports; a hostile file can
// hold hundreds of thousands.
const maxErrors = 100

// joinErrors joins errs (nil for none), the first maxErrors of them and a
// count of the rest.
func joinErrors(file string, errs []error) error {
	if len(errs) > maxErrors {
		errs = append(errs[:maxErrors:maxErrors], &Error{File: file, Msg: fmt.Sprintf("%d more errors not shown", len(errs)-maxErrors)})
	}
	return errors.Join(errs...)
}

func yamlError(file string, err error) error {
	type tokened interface {
		GetToken() *token.Token
		GetMessage() string
	}
	var te tokened
	if errors.As(err, &te) {
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			return &Error{File: file, Line: tk.Position.Line, Column: tk.Position.Column, Msg: te.GetMessage()}
		}
		return &Error{File: file, Msg: te.GetMessage()}
	}
	return &Error{File: file, Msg: err.Error()}
}

func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
}

type strNode struct {
	value string
	node  ast.Node
}

func scalarString(n ast.Node) (string, bool) {
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return v.GetToken().Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	}
	return "", false
}

// stringList accepts a sequence of scalars or a single scalar.
func (d *decoder) stringList(n ast.Node, key string) []strNode {
	switch v := unwrap(n).(type) {
	case *ast.SequenceNode:
		out := make([]strNode, 0, len(v.Values))
		for _, el := range v.Values {
			s, ok := scalarString(el)
			if !ok {
				d.errorf(el, "%s: want a string", key)
				continue
			}
			out = append(out, strNode{s, el})
		}
		return out
	case *ast.NullNode:
		return nil
	default:
		if s, ok := scalarString(v); ok {
			return []strNode{{s, v}}
		}
		d.errorf(n, "%s: want a list of strings", key)
		return nil
	}
}

// ruleSetting parses a rules: value.
func ruleSetting(v string) (RuleSetting, bool) {
	switch strings.ToLower(v) {
	case "off", "false":
		return RuleSetting{Off: true}, true
	case "on", "true":
		return RuleSetting{}, true
	case "error", "warning", "note":
		return RuleSetting{Severity: strings.ToLower(v)}, true
	}
	return RuleSetting{}, false
}

// mapping returns n as a mapping; null is an empty one, anything else an
// error saying want.
func (d *decoder) mapping(n ast.Node, want string) (*ast.MappingNode, bool) {
	m, ok := unwrap(n).(*ast.MappingNode)
	if !ok {
		if _, null := unwrap(n).(*ast.NullNode); !null {
			d.errorf(n, "%s", want)
		}
		return nil, false
	}
	return m, true
}

func (d *decoder) rules(cfg *Config, n ast.Node) {
	m, ok := d.mapping(n, "rules: want a mapping of rule id to off, on, error, warning or note")
	if !ok {
		return
	}
	for _, kv := range m.Values {
		id := strings.ToUpper(kv.Key.String())
		if d.knownRule != nil && !d.knownRule(id) {
			d.errorf(kv.Key, "rules: unknown rule %q (see `ecslint rules`)", kv.Key.String())
			continue
		}
		val, ok := scalarString(kv.Value)
		setting, known := ruleSetting(val)
		if !ok || !known {
			d.errorf(kv.Value, "rules: %s: %q is not off, on, error, warning or note", id, val)
			continue
		}
		cfg.Rules[id] = setting
	}
}

// paths reads a list of non-empty paths.
func (d *decoder) paths(n ast.Node, key string) []Entry {
	var out []Entry
	for _, p := range d.stringList(n, key) {
		if strings.TrimSpace(p.value) == "" {
			d.errorf(p.node, "%s: empty path", key)
			continue
		}
		out = append(out, entry(p))
	}
	return out
}

func entry(n strNode) Entry {
	e := Entry{Value: n.value}
	if tk := n.node.GetToken(); tk != nil && tk.Position != nil {
		e.Line, e.Column = tk.Position.Line, tk.Position.Column
	}
	return e
}

// roles parses roles: {role ARN: [policy file or managed policy ARN, ...]}.
func (d *decoder) roles(cfg *Config, n ast.Node) {
	m, ok := d.mapping(n, "roles: want a mapping of role ARN to a list of policy files or managed policy ARNs")
	if !ok {
		return
	}
	for _, kv := range m.Values {
		key := kv.Key.String()
		a, err := arn.Parse(key)
		if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") || len(a.Resource) == len("role/") {
			d.errorf(kv.Key, "roles: %q is not an IAM role ARN (arn:aws:iam::123456789012:role/name)", key)
			continue
		}
		re := RoleEntry{ARN: key}
		if tk := kv.Key.GetToken(); tk != nil && tk.Position != nil {
			re.Line, re.Column = tk.Position.Line, tk.Position.Column
		}
		for _, p := range d.stringList(kv.Value, "roles: "+key) {
			v := strings.TrimSpace(p.value)
			if v == "" {
				d.errorf(p.node, "roles: empty policy entry")
				continue
			}
			if strings.HasPrefix(v, "arn:") {
				if pa, err := arn.Parse(v); err != nil || pa.Service != "iam" || !strings.HasPrefix(pa.Resource, "policy/") {
					d.errorf(p.node, "roles: %q is not a managed policy ARN (arn:aws:iam::aws:policy/name)", v)
					continue
				}
			}
			p.value = v
			re.Policies = append(re.Policies, entry(p))
		}
		cfg.Roles = append(cfg.Roles, re)
	}
}

func (d *decoder) ignores(cfg *Config, n ast.Node) {
	seq, ok := unwrap(n).(*ast.SequenceNode)
	if !ok {
		if _, null := unwrap(n).(*ast.NullNode); null {
			return
		}
		d.errorf(n, "ignore: want a list of entries such as {path: legacy/**} or {rule: TD001, path: ...}")
		return
	}
	for _, el := range seq.Values {
		var ig Ignore
		if tk := el.GetToken(); tk != nil && tk.Position != nil {
			ig.Line, ig.Column = tk.Position.Line, tk.Position.Column
		}
		m, ok := unwrap(el).(*ast.MappingNode)
		if ok && len(m.Values) > 0 && !m.IsFlowStyle {
			// A block mapping's own token is its first ":"; point at the key.
			if tk := m.Values[0].Key.GetToken(); tk != nil && tk.Position != nil {
				ig.Line, ig.Column = tk.Position.Line, tk.Position.Column
			}
		}
		if !ok {
			// A bare string is a path.
			if s, isStr := scalarString(el); isStr {
				ig.Path = s
				d.checkGlob(el, ig.Path)
				cfg.Ignore = append(cfg.Ignore, ig)
				continue
			}
			d.errorf(el, "ignore: want a mapping with path, rule, reason, expires")
			continue
		}
		for _, kv := range m.Values {
			key := kv.Key.String()
			switch key {
			case "path":
				s, ok := scalarString(kv.Value)
				if !ok {
					d.errorf(kv.Value, "ignore: path: want a glob string")
					continue
				}
				ig.Path = s
				d.checkGlob(kv.Value, s)
			case "rule", "rules":
				for _, r := range d.stringList(kv.Value, "ignore: "+key) {
					id := strings.ToUpper(strings.TrimSpace(r.value))
					if d.knownRule != nil && !d.knownRule(id) {
						d.errorf(r.node, "ignore: unknown rule %q", r.value)
						continue
					}
					ig.Rules = append(ig.Rules, id)
				}
			case "pointer":
				s, ok := scalarString(kv.Value)
				if !ok || !strings.HasPrefix(s, "/") {
					d.errorf(kv.Value, "ignore: pointer: %q is not a JSON Pointer such as /taskDefinition/containerDefinitions/0", s)
					continue
				}
				ig.Pointer = s
			case "image":
				s, ok := scalarString(kv.Value)
				if !ok || strings.TrimSpace(s) == "" {
					d.errorf(kv.Value, "ignore: image: want an image pattern such as nginx:* or docker.io/library/*")
					continue
				}
				ig.Image = s
			case "reason":
				s, _ := scalarString(kv.Value)
				ig.Reason = s
			case "expires":
				s, ok := scalarString(kv.Value)
				t, err := time.Parse(time.DateOnly, s)
				if !ok || err != nil {
					d.errorf(kv.Value, "ignore: expires: %q is not a date like 2027-01-31", s)
					continue
				}
				ig.Expires = t
			default:
				d.errorf(kv.Key, "ignore: unknown key %q (known: path, rule, pointer, image, reason, expires)", key)
			}
		}
		if ig.Path == "" && len(ig.Rules) == 0 && ig.Pointer == "" && ig.Image == "" {
			d.errorf(el, "ignore: an entry needs a path, a rule, a pointer or an image")
			continue
		}
		cfg.Ignore = append(cfg.Ignore, ig)
	}
}

func (d *decoder) checkGlob(n ast.Node, glob string) {
	if !doublestar.ValidatePattern(glob) {
		d.errorf(n, "ignore: path: %q is not a valid glob", glob)
	}
}

// MatchPath reports whether the file at absPath matches ig's path glob.
// The glob is relative to the config's folder; a glob without a slash also
// matches the base name anywhere below it, as in .gitignore.
func (c *Config) MatchPath(ig Ignore, absPath string) bool {
	if ig.Path == "" {
		return true
	}
	rel, err := filepath.Rel(c.Dir, absPath)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	glob := strings.TrimPrefix(ig.Path, "./")
	glob = strings.TrimSuffix(glob, "/")
	if ok, _ := doublestar.Match(glob, rel); ok {
		return true
	}
	// A folder pattern ignores everything below it.
	if ok, _ := doublestar.Match(glob+"/**", rel); ok {
		return true
	}
	if !strings.Contains(glob, "/") {
		ok, _ := doublestar.Match("**/"+glob, rel)
		if ok {
			return true
		}
		ok, _ = doublestar.Match("**/"+glob+"/**", rel)
		return ok
	}
	return false
}

// Expired reports whether ig no longer applies on day now.
func (ig Ignore) Expired(now time.Time) bool {
	return ExpiredOn(ig.Expires, now)
}

// ExpiredOn reports whether something valid through the day expires (zero:
// never) is no longer valid at now. Every suppression uses this rule.
func ExpiredOn(expires, now time.Time) bool {
	return !expires.IsZero() && now.After(expires.Add(24*time.Hour-time.Nanosecond))
}
