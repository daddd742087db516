package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	bkcommand "github.com/moby/buildkit/frontend/dockerfile/command"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	bkparser "github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/util/suggest"

	"github.com/ecslint/ecslint/parser"
)

// Parser parses Dockerfiles. The zero value is ready to use and safe for
// concurrent use.
type Parser struct{}

// Parse parses src, read from path, into exactly one document. Malformed
// input, including a file without instructions, yields a *parser.Error.
func (Parser) Parse(path string, src []byte) (docs []*parser.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs = nil
			err = parser.Errorf(path, parser.Position{Line: 1, Column: 1}, "internal error parsing Dockerfile: %v", r)
		}
	}()
	doc, perr := parse(path, src)
	if perr != nil {
		return nil, perr
	}
	return []*parser.Document{doc}, nil
}

func parse(path string, src []byte) (*parser.Document, *parser.Error) {
	s := newSource(src)
	// buildkit's parser keeps every instruction of the file: find where
	// instruction maxInstructions+1 starts first, and hand it only the
	// instructions before. An instruction takes a line at least, so only
	// a long file needs counting.
	text, capLine := s.text, 0
	if s.numLines() > maxInstructions {
		if starts := s.instructionLines(maxInstructions); len(starts) > maxInstructions {
			capLine = starts[maxInstructions]
			text = s.text[:s.bk[capLine-1]]
		}
	}
	res, err := bkparser.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, s.parseError(path, err)
	}
	nodes := res.AST.Children
	if len(nodes) > maxInstructions {
		// Only if instructionLines and buildkit disagree.
		capLine = nodes[maxInstructions].StartLine
		nodes = nodes[:maxInstructions]
	}
	esc := byte(bkparser.DefaultEscapeToken)
	if res.EscapeToken == '`' {
		esc = '`'
	}
	b := &builder{
		path:   path,
		src:    s,
		esc:    esc,
		x:      newExpander(rune(esc)),
		ix:     parser.NewIndex(),
		global: newGlobalEnv(),
		lint:   &linter.Linter{},
		names:  make(map[string]bool),
		body: map[string]any{
			"escape": string(rune(esc)),
		},
		args:     []any{},
		stages:   []any{},
		copyFrom: []any{},
	}
	// The root stands for the whole file, so any path falls back to it.
	b.ix.Set(nil, s.rng(0, len(s.text)))
	b.syntax(src)
	for _, n := range nodes {
		if perr := b.node(n); perr != nil {
			return nil, perr
		}
	}
	if capLine > 0 {
		// The instructions before are checked: an error among them comes
		// first.
		return nil, errTooMany(path, s.pos(s.lineStart(capLine)), "instructions", maxInstructions)
	}
	b.finish()
	return &parser.Document{
		Kind:         parser.KindDockerfile,
		File:         path,
		Source:       parser.SourceDockerfile,
		Body:         b.body,
		Index:        b.ix,
		Text:         src,
		Suppressions: inlineIgnores(s.text, nodes),
		Notices:      b.notices,
	}, nil
}

// parseError turns a buildkit parse error into a positioned *parser.Error.
func (s *source) parseError(path string, err error) *parser.Error {
	msg := err.Error()
	line := 0
	var le *bkparser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		line = le.Locations[0][0].Start.Line
	}
	switch {
	case strings.HasPrefix(msg, "file with no instructions"):
		// buildkit points past the last line; the file as a whole is at fault.
		line = 0
	case strings.HasPrefix(msg, "dockerfile line greater than"):
		// buildkit reports the last line it read, not the one too long.
		line++
	default:
		// Directive errors are reported with a 0-based line.
		if dl := s.directiveErrorLine(); dl > 0 {
			line = dl
		}
	}
	if line < 1 {
		return &parser.Error{File: path, Pos: s.pos(0), Msg: msg}
	}
	return &parser.Error{File: path, Pos: s.pos(s.lineStart(line)), Msg: msg}
}

// directiveErrorLine replays buildkit's parser-directive checks over the
// leading comment lines and returns the line of the first bad directive, or 0.
func (s *source) directiveErrorLine() int {
	var dp bkparser.DirectiveParser
	for n := 1; n <= s.numLines(); n++ {
		start, end := s.content(n)
		d, err := dp.ParseLine(s.text[start+leadingSpace(s.text[start:end]) : end])
		switch {
		case err != nil:
			return n
		case d == nil:
			return 0
		case d.Name == "escape" && d.Value != "`" && d.Value != `\`:
			return n
		}
	}
	return 0
}

type builder struct {
	path     string
	src      *source
	esc      byte
	x        *expander
	ix       *parser.Index
	global   *argEnv
	stageEnv *argEnv         // nil before the first FROM
	lint     *linter.Linter  // buildkit's, with no rule enabled
	names    map[string]bool // stage names seen so far
	body     map[string]any
	args     []any
	stages   []any
	copyFrom []any
	copyExp  []expansion // the expansion of each copyFrom entry
	nargs    int         // ARG declarations so far

	notices     []parser.Notice
	moreNotices int          // notices past maxNotices
	moreAt      parser.Range // where the first of them is
	budgetNoted bool         // the maxSubstitution notice is given
}

func (b *builder) finish() {
	for i, e := range b.copyFrom {
		m := e.(map[string]any)
		img := strings.ToLower(m["image"].(string))
		stage := b.isStage(b.copyExp[i])
		if m["instruction"] == "COPY" {
			if _, err := strconv.Atoi(img); err == nil {
				stage = true
			}
		}
		m["stage"] = stage
	}
	b.body["args"] = b.args
	b.body["stages"] = b.stages
	b.body["copyFrom"] = b.copyFrom
	b.finishNotices()
}

// syntax records the `# syntax=` directive as buildkit's frontend detects it.
func (b *builder) syntax(src []byte) {
	img, value, loc, ok := bkparser.DetectSyntax(src)
	if !ok {
		return
	}
	s := b.src
	line := 1
	if len(loc) > 0 && loc[0].Start.Line > 0 {
		line = min(loc[0].Start.Line, max(s.numLines(), 1))
	}
	start, end := s.content(line)
	ls := start + leadingSpace(s.text[start:end])
	b.body["syntax"] = map[string]any{"image": img, "line": s.pos(ls).Line}
	b.ix.Set([]any{"syntax"}, s.rng(ls, end))

	text := s.text[ls:end]
	te := len(bytes.TrimRight(text, " \t\v\f\r"))
	vs := te - len(value)
	if vs < 0 || string(text[vs:te]) != value {
		vs = bytes.LastIndex(text, []byte(value))
	}
	if vs >= 0 && img != "" && bytes.HasPrefix(text[vs:], []byte(img)) {
		b.ix.Set([]any{"syntax", "image"}, s.rng(ls+vs, ls+vs+len(img)))
	}
}

// instr is one buildkit node with its replayed logical line.
type instr struct {
	node       *bkparser.Node
	l          *logical
	cmd        command
	start, end int // text span of the whole instruction
	rng        parser.Range
	located    bool // the replay agrees with buildkit's node
	flagsOK    bool // ... including its flags
}

func (b *builder) instr(n *bkparser.Node) *instr {
	s := b.src
	in := &instr{node: n, l: s.logicalLine(n.StartLine, b.esc)}
	in.cmd = splitCommand(in.l, b.esc)
	in.located = len(in.cmd.name.text) > 0 && string(in.cmd.name.text) == n.Value
	if in.located {
		in.start = in.l.off(in.cmd.name.start)
	} else {
		in.start = s.lineStart(n.StartLine)
	}
	in.end = s.instrEnd(n.EndLine, in.start)
	in.rng = s.rng(in.start, in.end)
	in.flagsOK = in.located && len(in.cmd.flags) == len(n.Flags)
	for i := 0; in.flagsOK && i < len(n.Flags); i++ {
		in.flagsOK = in.cmd.flags[i].mangled() == n.Flags[i]
	}
	return in
}

// flag is one builder flag (`--name=value`) of an instruction.
type flag struct {
	name, value string
	w           *word // nil when the replay disagreed with buildkit
	valueAt     int   // index in w.text where value starts
}

func (in *instr) flags() []flag {
	out := make([]flag, 0, len(in.node.Flags))
	for i, f := range in.node.Flags {
		fl := flag{}
		text := f
		if in.flagsOK {
			fl.w = &in.cmd.flags[i]
			text = string(fl.w.text)
		}
		body, ok := strings.CutPrefix(text, "--")
		if !ok {
			continue
		}
		name, value, ok := strings.Cut(body, "=")
		if !ok {
			continue
		}
		fl.name, fl.value, fl.valueAt = name, value, 2+len(name)+1
		out = append(out, fl)
	}
	return out
}

// textSpan maps the bytes [a, b) of a flag's text to a text span.
func (in *instr) textSpan(w *word, a, b int) (int, int) {
	return in.l.span(w.offs[a], w.offs[b-1]+1)
}

// instrEnd returns the end of the instruction that ends on buildkit line
// endLine: the end of that line, or of the last line with content when a
// continuation ran into blank lines.
func (s *source) instrEnd(endLine, start int) int {
	_, e := s.content(endLine)
	if e < start {
		return start
	}
	t := e
	for t > start && strings.IndexByte(" \t\n\r\v\f", s.text[t-1]) >= 0 {
		t--
	}
	if !bytes.ContainsAny(s.text[t:e], "\r\n") {
		return e
	}
	for t < e && s.text[t] != '\n' && s.text[t] != '\r' {
		t++
	}
	return t
}

func (b *builder) errorAt(in *instr, format string, args ...any) *parser.Error {
	return parser.Errorf(b.path, in.rng.Start, format, args...)
}

// node checks one instruction as buildkit does before a build
// (instructions.Parse) and records what it pulls.
func (b *builder) node(n *bkparser.Node) *parser.Error {
	cmd, err := instructions.ParseInstructionWithLinter(n, b.lint)
	if err != nil {
		return b.instrError(n, err)
	}
	switch c := cmd.(type) {
	case *instructions.Stage:
		return b.from(b.instr(n))
	case *instructions.ArgCommand:
		return b.arg(b.instr(n), c)
	}
	if b.stageEnv == nil {
		// instructions.Parse allows only ARG before the first FROM.
		in := b.instr(n)
		return b.errorAt(in, "no build stage in current context")
	}
	switch cmd.(type) {
	case *instructions.CopyCommand:
		return b.copyFlags(b.instr(n))
	case *instructions.RunCommand:
		return b.runMounts(b.instr(n))
	}
	return nil
}

// instrError positions an error buildkit's instructions package found in
// n: at the flag or FROM argument at fault when it can be told, else at the
// instruction's keyword.
func (b *builder) instrError(n *bkparser.Node, err error) *parser.Error {
	in := b.instr(n)
	msg := err.Error()
	var unknown *instructions.UnknownInstructionError
	if errors.As(err, &unknown) {
		// buildkit picks its suggestion among equally close names in map
		// order ("a": add or arg); ecslint's output must not vary.
		msg = unknown.Error()
		if match, ok := suggest.Search(n.Value, instructionNames(), false); ok {
			msg += " (did you mean " + match + "?)"
		}
	}
	pos := in.rng.Start
	if k := b.badFlag(n, msg); k >= 0 {
		if in.flagsOK {
			pos = b.src.pos(in.l.off(in.cmd.flags[k].start))
		}
	} else if strings.EqualFold(n.Value, "from") {
		if a := badFromArg(in.node); a >= 0 {
			if toks, ok := in.args(); ok {
				pos = b.src.pos(in.l.off(toks[a][0]))
			}
		}
	}
	return &parser.Error{File: b.path, Pos: pos, Msg: msg}
}

// instructionNames lists the Dockerfile instructions, sorted, so that a
// suggestion among equally close names is always the same.
func instructionNames() []string {
	names := make([]string, 0, len(bkcommand.Commands))
	for name := range bkcommand.Commands {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// badFlag returns the index of the flag of n that makes buildkit fail with
// msg, or -1 when the flags are not at fault: the error first appears when
// that flag is added to the ones before it.
func (b *builder) badFlag(n *bkparser.Node, msg string) int {
	if len(n.Flags) == 0 {
		return -1
	}
	fails := func(k int) bool {
		m := *n
		m.Flags = n.Flags[:k]
		_, err := instructions.ParseInstructionWithLinter(&m, b.lint)
		return err != nil && err.Error() == msg
	}
	if fails(0) {
		return -1
	}
	// With every flag the error is there: look for where it appears by
	// bisection (a line may have tens of thousands of flags).
	lo, hi := 0, len(n.Flags) // fails(lo) is false, fails(hi) true
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi - 1
}

// badFromArg returns the index of the argument buildkit's FROM check
// (parseBuildStageName) trips on: the stage name when it is invalid, the
// word after the image when it is not AS, the AS without a name, or the
// first word after the name; -1 when there is no argument.
func badFromArg(n *bkparser.Node) int {
	var args []string
	for a := n.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
	}
	switch {
	case len(args) == 0:
		return -1
	case len(args) == 1:
		return 0
	case !strings.EqualFold(args[1], "as") || len(args) == 2:
		return 1
	case len(args) == 3:
		return 2
	}
	return 3
}

// args returns the spans of the instruction's arguments in its logical
// line, and whether they agree with buildkit's node.
func (in *instr) args() ([][2]int, bool) {
	if !in.located {
		return nil, false
	}
	toks := fields(in.l.text, in.cmd.argsStart, in.cmd.argsEnd)
	a := in.node.Next
	for _, t := range toks {
		if a == nil || string(in.l.text[t[0]:t[1]]) != a.Value {
			return nil, false
		}
		a = a.Next
	}
	return toks, a == nil
}

// from records a stage; buildkit has checked that FROM has one argument or
// three (image AS name) and a valid name.
func (b *builder) from(in *instr) *parser.Error {
	if len(b.stages) == maxStages {
		return errTooMany(b.path, in.rng.Start, "build stages", maxStages)
	}
	s := b.src
	var args []string
	for a := in.node.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
	}
	toks, toksOK := in.args()

	idx := len(b.stages)
	path := []any{"stages", idx}
	b.ix.Set(path, in.rng)

	name := ""
	if len(args) == 3 {
		name = strings.ToLower(args[2])
		if toksOK {
			b.ix.Set(parser.Append(path, "name"), s.rng(in.l.span(toks[2][0], toks[2][1])))
		}
	}
	from := args[0]
	fromRng := in.rng
	if toksOK {
		fromRng = s.rng(in.l.span(toks[0][0], toks[0][1]))
		b.ix.Set(parser.Append(path, "from"), fromRng)
	}

	e := b.x.expand(from, b.global, false)
	b.noteLimit(fromRng, "the FROM image", e.limit)
	isStage := b.isStage(e)
	stage := map[string]any{
		"index":    idx,
		"name":     name,
		"from":     from,
		"image":    e.text,
		"resolved": e.state != argUnknown,
		"stage":    isStage,
		"scratch":  e.text == "scratch",
		"line":     in.rng.Start.Line,
	}
	for _, f := range in.flags() {
		if f.name != "platform" {
			continue
		}
		stage["platform"] = f.value
		if f.w != nil && f.value != "" {
			b.ix.Set(parser.Append(path, "platform"), s.rng(in.textSpan(f.w, f.valueAt, len(f.w.text))))
		}
		break
	}
	b.stages = append(b.stages, stage)
	if name != "" {
		b.names[name] = true
	}
	b.stageEnv = b.global.stageScope()
	return nil
}

// isStage reports whether e names a stage seen so far (from finish: any
// stage of the file). A value with unknown parts names one when it may
// ("base-${TARGETARCH}" and a stage base-amd64): the file then does not
// mean to pull an image of that name.
func (b *builder) isStage(e expansion) bool {
	if b.names[strings.ToLower(e.text)] {
		return true
	}
	if e.state == argSet {
		for n := range b.names {
			if e.matches(n) {
				return true
			}
		}
	}
	return false
}

func (b *builder) arg(in *instr, ac *instructions.ArgCommand) *parser.Error {
	env := b.stageEnv
	if env == nil {
		env = b.global
	}
	var (
		words   [][2]int
		wordsOK bool
		located bool
	)
	// nameRng returns the range of the k-th name, else of the instruction.
	nameRng := func(k int) parser.Range {
		if !located {
			words, wordsOK = in.argWords(b.esc)
			located = true
		}
		if !wordsOK || k >= len(words) {
			return in.rng
		}
		a, e := words[k][0], words[k][1]
		if key := ac.Args[k].Key; bytes.HasPrefix(in.l.text[a:e], []byte(key)) && key != "" {
			e = a + len(key)
		}
		return b.src.rng(in.l.span(a, e))
	}
	for k, kv := range ac.Args {
		if b.nargs == maxArgs {
			return errTooMany(b.path, nameRng(k).Start, "ARG declarations", maxArgs)
		}
		b.nargs++
		def := ""
		switch {
		case kv.Value != nil:
			e := b.x.expand(*kv.Value, env, true)
			v := argValue{value: e.text, state: e.state, maybeEmpty: e.maybeEmpty, glob: e.glob}
			if e.limit != withinLimits {
				// Unknown, and empty as an unset ARG is, so that what
				// refers to it stays small.
				b.noteLimit(nameRng(k), fmt.Sprintf("ARG %q", kv.Key), e.limit)
				v = argValue{state: argUnknown}
			}
			env.set(kv.Key, v)
			def = e.text
		case b.stageEnv != nil:
			// In a stage, a declaration without a value takes the global
			// value, built-in platform ARGs included (dispatchArg).
			if v, ok := b.global.lookup(kv.Key); ok {
				env.set(kv.Key, v)
			}
		}
		if b.stageEnv != nil {
			continue
		}
		path := []any{"args", len(b.args)}
		b.ix.Set(path, in.rng)
		b.args = append(b.args, map[string]any{
			"name":       kv.Key,
			"default":    def,
			"hasDefault": kv.Value != nil,
			"line":       in.rng.Start.Line,
		})
	}
	return nil
}

// addCopyFrom records a COPY --from or RUN --mount from= source; [a, e) is
// the text span of its value, or a > e when unknown.
func (b *builder) addCopyFrom(in *instr, instruction, from string, a, e int) *parser.Error {
	rng := in.rng
	if a <= e {
		rng = b.src.rng(a, e)
	}
	if len(b.copyFrom) == maxSources {
		return errTooMany(b.path, rng.Start, "COPY --from and RUN --mount from= sources", maxSources)
	}
	x := b.x.expand(from, b.stageEnv, false)
	if instruction == "COPY" {
		b.noteLimit(rng, "the COPY --from value", x.limit)
	} else {
		b.noteLimit(rng, "the RUN --mount from= value", x.limit)
	}
	b.copyExp = append(b.copyExp, x)
	path := []any{"copyFrom", len(b.copyFrom)}
	b.ix.Set(path, in.rng)
	if a <= e {
		b.ix.Set(parser.Append(path, "from"), rng)
	}
	b.copyFrom = append(b.copyFrom, map[string]any{
		"instruction": instruction,
		"from":        from,
		"image":       x.text,
		"resolved":    x.state != argUnknown,
		"stage":       false, // set by finish, once every stage name is known
		"stageIndex":  len(b.stages) - 1,
		"line":        in.rng.Start.Line,
	})
	return nil
}

func (b *builder) copyFlags(in *instr) *parser.Error {
	for _, f := range in.flags() {
		if f.name != "from" || f.value == "" {
			continue
		}
		a, e := 1, 0
		if f.w != nil {
			a, e = in.textSpan(f.w, f.valueAt, len(f.w.text))
		}
		if err := b.addCopyFrom(in, "COPY", f.value, a, e); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) runMounts(in *instr) *parser.Error {
	for _, f := range in.flags() {
		if f.name != "mount" {
			continue
		}
		fields, ok := csvFields([]byte(f.value))
		if !ok {
			continue
		}
		for _, fd := range fields {
			key, value, ok := bytes.Cut(fd.text, []byte("="))
			if !ok || !strings.EqualFold(string(key), "from") || len(value) == 0 {
				continue
			}
			a, e := 1, 0
			if f.w != nil {
				first := fd.idx[len(key)+1]
				last := fd.idx[len(fd.text)-1]
				a, e = in.textSpan(f.w, f.valueAt+first, f.valueAt+last+1)
			}
			if err := b.addCopyFrom(in, "RUN", string(value), a, e); err != nil {
				return err
			}
		}
	}
	return nil
}
