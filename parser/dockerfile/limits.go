package dockerfile

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	bkparser "github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/ecslint/ecslint/parser"
)

// Limits on one Dockerfile, far above real files (the largest ones seen,
// moby's and buildkit's own, have about 340 instructions, 60 stages, 130
// ARG declarations and 50 COPY --from and RUN --mount from= sources). A
// file past one is an error at the first instruction or value beyond it:
// what it holds is not linted, so it is never skipped silently, and memory
// and time stay bounded (buildkit's parser alone takes about 350 bytes per
// instruction, and Rego time grows with every stage and source).
const (
	maxInstructions = 10000
	maxStages       = 1000
	maxArgs         = 10000 // names declared by ARG instructions, global or in a stage
	maxSources      = 1000  // COPY --from and RUN --mount from= values
)

// maxNotices is how many notices one document lists one by one; the rest
// are counted in one more.
const maxNotices = 10

func errTooMany(path string, pos parser.Position, what string, limit int) *parser.Error {
	return parser.Errorf(path, pos, "more than %d %s; ecslint lints at most %d per Dockerfile", limit, what, limit)
}

// note records a notice, or counts it once maxNotices are recorded.
func (b *builder) note(rng parser.Range, format string, args ...any) {
	if len(b.notices) < maxNotices {
		b.notices = append(b.notices, parser.Notice{Range: rng, Msg: fmt.Sprintf(format, args...)})
		return
	}
	if b.moreNotices == 0 {
		b.moreAt = rng
	}
	b.moreNotices++
}

// noteLimit records why the expansion of what (`ARG "V"`, "the FROM
// image") stopped at lim; the budget is reported once.
func (b *builder) noteLimit(rng parser.Range, what string, lim limit) {
	switch lim {
	case tooLong:
		b.note(rng, "%s is not expanded: its value could be longer than %d KiB; ecslint treats it as unknown", what, maxExpansion>>10)
	case tooSlow:
		b.note(rng, "%s is not expanded: matching its patterns could take too long; ecslint treats it as unknown", what)
	case overBudget:
		if b.budgetNoted {
			return
		}
		b.budgetNoted = true
		b.note(rng, "%s is not expanded: the ARG substitutions of this Dockerfile pass %d MiB of text or %d Mi steps of pattern matching; "+
			"ecslint treats it and every later value with a variable as unknown", what, maxSubstitution>>20, maxMatchTotal>>20)
	}
}

// finishNotices adds the count of the notices past maxNotices.
func (b *builder) finishNotices() {
	if b.moreNotices > 0 {
		b.notices = append(b.notices, parser.Notice{Range: b.moreAt, Msg: fmt.Sprintf(
			"%d more values are not expanded (past ecslint's limits on ARG substitution); ecslint treats them as unknown", b.moreNotices)})
	}
}

// instructionLines returns the line on which each instruction starts, as
// buildkit's Parse would find them, stopping after limit+1 of them or where
// Parse would fail. It mirrors Parse's loop: parser directives (which may
// change the escape token), comment and blank lines, continuation lines,
// and heredoc bodies. It keeps nothing of the text, so it can count the
// instructions of any file in little memory before buildkit parses it.
func (s *source) instructionLines(limit int) []int {
	var (
		starts []int
		dp     bkparser.DirectiveParser
		esc    = byte(bkparser.DefaultEscapeToken)
	)
	directive := func(line []byte) bool {
		d, err := dp.ParseLine(line)
		if err != nil {
			return false
		}
		if d != nil && d.Name == "escape" {
			if d.Value != "`" && d.Value != `\` {
				return false
			}
			esc = d.Value[0]
		}
		return true
	}
	for n := 1; n <= s.numLines(); n++ {
		start, end := s.content(n)
		start += leadingSpace(s.text[start:end])
		if !directive(s.text[start:end]) {
			return starts
		}
		if isComment(s.text[start:end]) {
			continue
		}
		cut, more := trimContinuation(s.text[start:end], esc)
		if !more && cut == 0 {
			continue
		}
		first := n
		for more && n < s.numLines() {
			n++
			start, end = s.content(n)
			line := s.text[start:end]
			if !directive(line) {
				return starts
			}
			if isComment(line) || leadingSpace(line) == len(line) {
				continue
			}
			_, more = trimContinuation(line, esc)
		}
		starts = append(starts, first)
		if len(starts) > limit {
			return starts
		}
		from, _ := s.lineSpan(first)
		_, to := s.lineSpan(n)
		if bytes.IndexByte(s.text[from:to], '<') < 0 {
			continue // no heredoc, without joining the lines
		}
		l := s.logicalLine(first, esc)
		if !bytes.Contains(l.text, []byte("<<")) {
			continue
		}
		docs, ok := s.heredocs(first, n, esc, l.text)
		if !ok {
			return starts
		}
		for _, h := range docs {
			terminated := false
			for n < s.numLines() {
				n++
				start, end := s.content(n)
				line := s.text[start:end]
				if h.Chomp {
					line = bytes.TrimLeft(line, "\t")
				}
				if string(line) == h.Name {
					terminated = true
					break
				}
			}
			if !terminated {
				return starts
			}
		}
	}
	return starts
}

// heredocs returns the heredocs of the instruction on lines first..last,
// whose logical line is text: none unless buildkit's parser, given those
// lines alone, stops for want of a heredoc body (so the instruction is one
// that may have heredocs, RUN, COPY, ADD, possibly under ONBUILD, and not
// in JSON form). ok is false when the parser rejects the instruction.
func (s *source) heredocs(first, last int, esc byte, text []byte) (docs []bkparser.Heredoc, ok bool) {
	var src []byte
	if esc != bkparser.DefaultEscapeToken {
		src = append(src, "# escape="+string(rune(esc))+"\n"...)
	}
	from, _ := s.lineSpan(first)
	_, to := s.lineSpan(last)
	src = append(src, s.text[from:to]...)
	_, err := bkparser.Parse(bytes.NewReader(src))
	switch {
	case err == nil:
		return nil, true
	case !strings.Contains(err.Error(), "unterminated heredoc"):
		return nil, false
	}
	// buildkit's heredocsFromLine.
	lex := shell.NewLex('\\')
	lex.RawQuotes = true
	lex.RawEscapes = true
	lex.SkipUnsetEnv = true
	words, _ := lex.ProcessWords(string(text), noEnv{})
	for _, w := range words {
		h, err := bkparser.ParseHeredoc(w)
		if err != nil {
			return nil, false
		}
		if h != nil {
			docs = append(docs, *h)
		}
	}
	return docs, len(docs) > 0
}

type noEnv struct{}

func (noEnv) Get(string) (string, bool) { return "", false }
func (noEnv) Keys() []string            { return nil }

// argWords returns the span, in the instruction's logical line, of each
// word of an ARG instruction as buildkit's parseWords cuts them, and
// whether they agree with buildkit's node.
func (in *instr) argWords(esc byte) ([][2]int, bool) {
	if !in.located || len(in.node.Flags) > 0 {
		return nil, false
	}
	const (
		inSpaces = iota
		inWord
		inQuote
	)
	var (
		rest    = in.l.text[:in.cmd.argsEnd]
		spans   [][2]int
		phase   = inSpaces
		quote   rune
		blankOK bool
		n       int // runes written to the word
		start   int
	)
	for pos := in.cmd.argsStart; pos < len(rest); {
		ch, w := utf8.DecodeRune(rest[pos:])
		if phase == inSpaces {
			if unicode.IsSpace(ch) {
				pos += w
				continue
			}
			phase, start = inWord, pos
		}
		if phase == inWord {
			if unicode.IsSpace(ch) {
				if blankOK || n > 0 {
					spans = append(spans, [2]int{start, pos})
				}
				phase, blankOK, n = inSpaces, false, 0
				pos += w
				continue
			}
			if ch == '\'' || ch == '"' {
				quote, blankOK, phase = ch, true, inQuote
			}
			if ch == rune(esc) {
				if pos+w == len(rest) {
					pos += w
					continue
				}
				pos += w
				_, w = utf8.DecodeRune(rest[pos:])
			}
			n++
			pos += w
			continue
		}
		// inQuote
		if ch == quote {
			phase = inWord
		}
		if ch == rune(esc) && quote != '\'' {
			if pos+w == len(rest) {
				phase = inWord
				pos += w
				continue
			}
			pos += w
			_, w = utf8.DecodeRune(rest[pos:])
		}
		n++
		pos += w
	}
	if phase != inSpaces && (blankOK || n > 0) {
		spans = append(spans, [2]int{start, len(rest)})
	}
	a := in.node.Next
	for _, sp := range spans {
		if a == nil || !wordMatches(rest[sp[0]:sp[1]], a.Value) {
			return nil, false
		}
		a = a.Next
	}
	return spans, a == nil
}

// wordMatches reports whether the raw text of a word, less an escape token
// that buildkit drops at the end of the line, is buildkit's word w.
func wordMatches(raw []byte, w string) bool {
	return strings.HasPrefix(string(raw), w) && len(raw)-len(w) <= 1
}
