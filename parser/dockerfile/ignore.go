package dockerfile

import (
	"bytes"
	"regexp"
	"strings"

	bkparser "github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/ecslint/ecslint/parser"
)

// ignoreComment matches "# ecslint ignore=DF001,DF004 reason" and
// "# ecslint global ignore=DF003".
var ignoreComment = regexp.MustCompile(`^([ \t]*)#[ \t]*ecslint[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([A-Za-z0-9]*(?:[ \t]*,[ \t]*[A-Za-z0-9]+)*)(?:[ \t]+(.*?))?[ \t]*$`)

// inlineIgnores finds the ignore comments of a Dockerfile. A comment line
// inside an instruction (a heredoc, a continued RUN) is part of that
// instruction, not a directive. A plain ignore covers the next
// instruction, all its lines.
func inlineIgnores(text []byte, nodes []*bkparser.Node) []parser.Suppression {
	var out []parser.Suppression
	line := 0
	next := 0 // the first node that ends on or after line; lines only grow
	for raw := range bytes.Lines(text) {
		line++
		if !bytes.Contains(raw, []byte("ecslint")) {
			continue
		}
		for next < len(nodes) && nodes[next].EndLine < line {
			next++
		}
		m := ignoreComment.FindSubmatch(bytes.TrimRight(raw, "\r\n"))
		if m == nil || next < len(nodes) && nodes[next].StartLine <= line {
			// Not an ignore, or a line of an instruction.
			continue
		}
		sup := parser.Suppression{
			Line: line, Column: len([]rune(string(m[1]))) + 1,
			Text:   strings.TrimSpace(string(raw)),
			Global: len(m[2]) > 0,
			Reason: string(m[4]),
		}
		for _, id := range strings.Split(string(m[3]), ",") {
			if id = strings.TrimSpace(id); id != "" {
				sup.Rules = append(sup.Rules, strings.ToUpper(id))
			}
		}
		if !sup.Global && next < len(nodes) {
			// nodes[next] starts after line: the next instruction.
			sup.FromLine, sup.ToLine = nodes[next].StartLine, nodes[next].EndLine
		}
		out = append(out, sup)
	}
	return out
}
