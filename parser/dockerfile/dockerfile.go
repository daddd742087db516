package dockerfile

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	bkparser "github.com/moby/buildkit/frontend/dockerfile/parser"

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
	res, err := bkparser.Parse(bytes.NewReader(s.text))
	if err != nil {
		return nil, s.parseError(path, err)
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
		global: newArgEnv(),
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
	for _, n := range res.AST.Children {
		if perr := b.node(n); perr != nil {
			return nil, perr
		}
	}
	b.finish()
	return &parser.Document{
		Kind:         parser.KindDockerfile,
		File:         path,
		Source:       parser.SourceDockerfile,
		Body:         b.body,
		Index:        b.ix,
		Text:         src,
		Suppressions: inlineIgnores(s.text, res.AST.Children),
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
	names    map[string]bool // stage names seen so far
	body     map[string]any
	args     []any
	stages   []any
	copyFrom []any
}

func (b *builder) finish() {
	for _, e := range b.copyFrom {
		m := e.(map[string]any)
		img := strings.ToLower(m["image"].(string))
		stage := b.names[img]
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
		in.start = in.l.offs[in.cmd.name.start]
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

func (b *builder) node(n *bkparser.Node) *parser.Error {
	switch strings.ToLower(n.Value) {
	case "from":
		return b.from(b.instr(n))
	case "arg":
		return b.arg(b.instr(n))
	case "copy":
		if b.stageEnv != nil {
			b.copyFlags(b.instr(n))
		}
	case "run":
		if b.stageEnv != nil {
			b.runMounts(b.instr(n))
		}
	}
	return nil
}

func (b *builder) from(in *instr) *parser.Error {
	s := b.src
	var args []string
	for a := in.node.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
	}
	if len(args) == 0 {
		return b.errorAt(in, "FROM requires either one or three arguments")
	}
	toks := fields(in.l.text, in.cmd.argsStart, in.cmd.argsEnd)
	toksOK := in.located && len(toks) == len(args)
	for i := 0; toksOK && i < len(toks); i++ {
		toksOK = string(in.l.text[toks[i][0]:toks[i][1]]) == args[i]
	}

	idx := len(b.stages)
	path := []any{"stages", idx}
	b.ix.Set(path, in.rng)

	name, imgEnd := "", len(args)
	if len(args) >= 3 && strings.EqualFold(args[len(args)-2], "as") {
		name, imgEnd = strings.ToLower(args[len(args)-1]), len(args)-2
		if toksOK {
			t := toks[len(toks)-1]
			b.ix.Set(parser.Append(path, "name"), s.rng(in.l.span(t[0], t[1])))
		}
	}
	from := strings.Join(args[:imgEnd], " ")
	if toksOK {
		a, e := toks[0][0], toks[imgEnd-1][1]
		from = string(in.l.text[a:e])
		b.ix.Set(parser.Append(path, "from"), s.rng(in.l.span(a, e)))
	}

	image, resolved := b.x.expand(from, b.global)
	isStage := b.names[strings.ToLower(image)]
	stage := map[string]any{
		"index":    idx,
		"name":     name,
		"from":     from,
		"image":    image,
		"resolved": resolved,
		"stage":    isStage,
		"scratch":  image == "scratch",
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
	b.stageEnv = b.global.clone()
	return nil
}

func (b *builder) arg(in *instr) *parser.Error {
	cmd, err := instructions.ParseInstructionWithLinter(in.node, &linter.Linter{})
	if err != nil {
		return b.errorAt(in, "%s", err.Error())
	}
	ac, ok := cmd.(*instructions.ArgCommand)
	if !ok {
		return nil
	}
	env := b.stageEnv
	if env == nil {
		env = b.global
	}
	for _, kv := range ac.Args {
		def := ""
		if kv.Value != nil {
			v, known := b.x.expand(*kv.Value, env)
			env.set(kv.Key, argValue{value: v, known: known})
			def = v
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
func (b *builder) addCopyFrom(in *instr, instruction, from string, a, e int) {
	image, resolved := b.x.expand(from, b.stageEnv)
	path := []any{"copyFrom", len(b.copyFrom)}
	b.ix.Set(path, in.rng)
	if a <= e {
		b.ix.Set(parser.Append(path, "from"), b.src.rng(a, e))
	}
	b.copyFrom = append(b.copyFrom, map[string]any{
		"instruction": instruction,
		"from":        from,
		"image":       image,
		"resolved":    resolved,
		"stage":       false, // set by finish, once every stage name is known
		"stageIndex":  len(b.stages) - 1,
		"line":        in.rng.Start.Line,
	})
}

func (b *builder) copyFlags(in *instr) {
	for _, f := range in.flags() {
		if f.name != "from" || f.value == "" {
			continue
		}
		a, e := 1, 0
		if f.w != nil {
			a, e = in.textSpan(f.w, f.valueAt, len(f.w.text))
		}
		b.addCopyFrom(in, "COPY", f.value, a, e)
	}
}

func (b *builder) runMounts(in *instr) {
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
			b.addCopyFrom(in, "RUN", string(value), a, e)
		}
	}
}
