package dockerfile

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	bkparser "github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/ecslint/ecslint/parser"
)

// Expansion bombs: ARGs that repeat earlier ones grow exponentially. Before
// the limits, bomb10x8 took 26 s and 7.5 GB, and doubling40 ran out of
// memory.
var (
	bomb10x8 = func() string {
		var b strings.Builder
		b.WriteString("ARG A0=xxxxxxxxxx\n")
		for i := 1; i <= 8; i++ {
			fmt.Fprintf(&b, "ARG A%d=%s\n", i, strings.Repeat(fmt.Sprintf("$A%d", i-1), 10))
		}
		b.WriteString("FROM alpine:$A8\n")
		return b.String()
	}()
	doubling40 = "ARG A=x\n" + strings.Repeat("ARG A=$A$A\n", 40) + "FROM alpine:$A\n"
)

// notices returns the document's notices as "line:col message".
func notices(t *testing.T, d *parser.Document) []string {
	t.Helper()
	var out []string
	for _, n := range d.Notices {
		out = append(out, fmt.Sprintf("%d:%d %s", n.Range.Start.Line, n.Range.Start.Column, n.Msg))
	}
	if _, present := d.Body["notices"]; present {
		t.Fatalf("notices in the Rego input: %#v", d.Body["notices"])
	}
	return out
}

func TestExpansionLimits(t *testing.T) {
	long := strings.Repeat("x", 40000)
	const (
		tooLong    = "is not expanded: its value could be longer than 64 KiB; ecslint treats it as unknown"
		tooSlow    = "is not expanded: matching its patterns could take too long; ecslint treats it as unknown"
		overBudget = "is not expanded: the ARG substitutions of this Dockerfile pass 16 MiB of text or 64 Mi steps of pattern matching; " +
			"ecslint treats it and every later value with a variable as unknown"
	)
	// Matching a pattern of 101 bytes against a value of 30,000 takes
	// about 3 Mi steps: 21 such fit in 64 Mi.
	match := "ARG A=" + strings.Repeat("a", 30000) + "\nARG P=" + strings.Repeat("?", 100) + "\n"
	for i := range 25 {
		match += fmt.Sprintf("ARG M%d=${A#*$P}\n", i)
	}
	match += "ARG S=${A%%*a${P}b}${A%?$P}\nFROM alpine\n"
	budget := func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "ARG A=%s\n", strings.Repeat("a", 1000))
		for i := range 300 {
			fmt.Fprintf(&b, "ARG B%d=%s\n", i, strings.Repeat("$A", 60)) // 60,120 bytes each
		}
		b.WriteString("ARG C\nFROM alpine:$A\n")
		return b.String()
	}()
	many := "ARG A=" + long + "\n"
	for i := range 15 {
		many += fmt.Sprintf("ARG B%d=$A$A\n", i)
	}
	many += "FROM alpine\n"

	for _, tc := range []struct {
		name    string
		src     string
		notices []string
		vals    map[string]any
		spans   map[string]string
	}{{
		name:    "ten times over eight levels",
		src:     bomb10x8,
		notices: []string{`5:5 ARG "A4" ` + tooLong},
		vals: map[string]any{
			"/args/3/default": strings.Repeat("x", 10000),
			"/args/4/default": strings.Repeat("$A3", 10), // as written
			"/args/8/default": "",
			"/stages/0/image": "alpine:", "/stages/0/resolved": false,
		},
		spans: map[string]string{"/notices/0": "5:5-5:7 A4"},
	}, {
		name:    "doubling forty times",
		src:     doubling40,
		notices: []string{`17:5 ARG "A" ` + tooLong},
		vals: map[string]any{
			"/args/15/default": strings.Repeat("x", 1<<15),
			"/args/16/default": "$A$A",
			"/args/40/default": "",
			"/stages/0/image":  "alpine:", "/stages/0/resolved": false,
		},
	}, {
		// 279 values of 60,120 bytes fit in 16 MiB; after, nothing with a
		// variable is expanded, and that is said once.
		name:    "budget",
		src:     budget,
		notices: []string{`281:5 ARG "B279" ` + overBudget},
		vals: map[string]any{
			"/args/279/default": strings.Repeat("a", 60000),
			"/args/280/default": strings.Repeat("$A", 60),
			"/args/301/name":    "C",
			"/stages/0/image":   "alpine:$A", "/stages/0/resolved": false,
		},
	}, {
		name: "ten notices, then a count",
		src:  many,
		notices: func() []string {
			var out []string
			for i := range 10 {
				out = append(out, fmt.Sprintf(`%d:5 ARG "B%d" `+tooLong, i+2, i))
			}
			return append(out, "12:5 5 more values are not expanded (past ecslint's limits on ARG substitution); ecslint treats them as unknown")
		}(),
		vals: map[string]any{"/stages/0/image": "alpine", "/stages/0/resolved": true},
	}, {
		// buildkit refuses variables in RUN --mount from=.
		name: "FROM and COPY --from",
		src:  "ARG A=" + long + "\nFROM $A$A AS a\nCOPY --from=${A}$A /a /b\n",
		notices: []string{
			"2:6 the FROM image " + tooLong,
			"3:13 the COPY --from value " + tooLong,
		},
		vals: map[string]any{
			"/stages/0/image": "$A$A", "/stages/0/resolved": false,
			"/copyFrom/0/image": "${A}$A", "/copyFrom/0/resolved": false,
		},
		spans: map[string]string{"/notices/0": "2:6-2:10 $A$A", "/notices/1": "3:13-3:19 ${A}$A"},
	}, {
		// A replacement is a regexp template: each "$0" is the match.
		name: "replacement",
		src: "ARG A=" + strings.Repeat("a", 2000) + "\n" +
			"ARG B=${A//?/'" + strings.Repeat("$0", 50) + "'}\n" +
			"ARG C=${A//?/${0}x}\n" + // ${0} is a variable here, unset
			"ARG D=${A:0:1}\n" +
			"ARG V=1.2.3\nFROM alpine:${V//./-}\n",
		notices: []string{`2:5 ARG "B" ` + tooLong},
		vals: map[string]any{
			"/args/2/default": strings.Repeat("x", 2000),
			"/stages/0/image": "alpine:1-2-3", "/stages/0/resolved": true,
		},
	}, {
		name: "pattern matching",
		src:  match,
		notices: []string{
			`24:5 ARG "M21" ` + overBudget,
			`28:5 ARG "S" ` + tooSlow,
		},
		vals: map[string]any{
			"/args/2/default":  strings.Repeat("a", 29900),
			"/args/22/default": strings.Repeat("a", 29900),
			"/args/23/default": "${A#*$P}",
		},
	}, {
		name: "within the limits",
		src: "ARG A=" + strings.Repeat("a", 200) + "\nARG B=${A//?/$A}\n" +
			"ARG C=" + strings.Repeat("$A", 300) + "\nFROM alpine:${B:0:0}\n",
		vals: map[string]any{
			"/args/1/default": strings.Repeat("a", 40000),
			"/args/2/default": strings.Repeat("a", 60000),
			"/notices":        nil,
		},
	}, {
		// A stage scope sees the capped global value as unknown.
		name:    "stage",
		src:     "ARG A=" + long + "\nARG B=$A$A\nFROM alpine\nARG C=$B\nCOPY --from=x$C /a /b\n",
		notices: []string{`2:5 ARG "B" ` + tooLong},
		vals:    map[string]any{"/copyFrom/0/image": "x", "/copyFrom/0/resolved": false},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			d := mustParse(t, tc.src)
			t.Logf("Parse took %v", time.Since(start))
			if got := notices(t, d); !reflect.DeepEqual(got, tc.notices) {
				t.Errorf("notices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.notices, "\n"))
			}
			for ptr, want := range tc.vals {
				got, ok := lookup(d.Body, ptr)
				if want == nil {
					if ok {
						t.Errorf("%s = %.80v, want absent", ptr, got)
					}
					continue
				}
				if !ok || got != want {
					t.Errorf("%s = %.80v (%v), want %.80v", ptr, got, ok, want)
				}
			}
			for ptr, want := range tc.spans {
				if got := span(d, ptr); got != want {
					t.Errorf("span %s = %q, want %q", ptr, got, want)
				}
			}
			if err := checkIndex(d); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestRefScannerBound checks the bound on expansions against what the
// lexer produces.
func TestRefScannerBound(t *testing.T) {
	env := newGlobalEnv()
	env.set("A", argValue{value: "abc"})
	env.set("D", argValue{value: "$0$0"})
	env.set("E", argValue{value: ""})
	for _, w := range []string{
		"$A", "${A}", "x$A$A", "${A:-$A$A}", "${E:-$A$A}", "${A:+$A$A}", "${A#a}", "${A%%$A}",
		"${A/b/$A$A}", "${A//?/$A$A}", "${A//?/$D}", `${A//?/\$0\$0}`, `${A//?/'$0$0$0'}`,
		`${A//?/"\$0"}`, "${A//*/${A//?/$D}}", "'$A'", `"$A"`, `\$A`, "$", "$$A", "${TARGETARCH}$A",
		"${A:?x}", "${N:-${A}}",
	} {
		x := newExpander('\\')
		e := x.expand(w, env, false)
		if e.limit != withinLimits {
			t.Errorf("%q: limit %d", w, e.limit)
			continue
		}
		if len(e.text) > x.spent {
			t.Errorf("%q: %d bytes (%q), bound %d", w, len(e.text), e.text, x.spent)
		}
	}
}

// TestParseLimits: past a limit the file is an error at the first
// instruction or value beyond it, and what comes before is still checked.
func TestParseLimits(t *testing.T) {
	rep := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	const hub = "FROM public.ecr.aws/docker/library/alpine:3.20 AS base\n"
	run := func(int) string { return "RUN true\n" }
	heredoc := func(int) string { return "RUN <<EOF\nFROM x\nRUN y\nEOF\n" }
	// A line is at most 64 KiB; continuation lines have no limit.
	args := "ARG \\\n" + rep(10001, func(i int) string { return fmt.Sprintf("a%d=1 \\\n", i) }) + "\n"

	for _, tc := range []struct {
		name, src, err string
	}{
		{"instructions", hub + rep(9999, run), ""},
		{"instructions", hub + rep(10000, run),
			"Dockerfile:10001:1: more than 10000 instructions; ecslint lints at most 10000 per Dockerfile"},
		{"heredocs", hub + rep(9999, heredoc) + "# FROM\n \n\n", ""},
		{"heredocs", hub + rep(9999, heredoc) + "  \tRUN true\n",
			"Dockerfile:39998:4: more than 10000 instructions; ecslint lints at most 10000 per Dockerfile"},
		{"continuations", hub + rep(9999, func(int) string { return "RUN a \\\n# FROM x\n\n  b\n" }) + "RUN x\n",
			"Dockerfile:39998:1: more than 10000 instructions; ecslint lints at most 10000 per Dockerfile"},
		{"escape directive", "# escape=`\n" + hub + rep(10000, func(int) string { return "RUN a \\\nRUN b `\n c\n" }),
			"Dockerfile:15001:1: more than 10000 instructions; ecslint lints at most 10000 per Dockerfile"},
		{"an error first", hub + "FRM x\n" + rep(20000, run), "Dockerfile:2:1: unknown instruction: FRM (did you mean FROM?)"},
		{"stages", rep(1000, func(int) string { return "FROM scratch\n" }), ""},
		{"stages", rep(1001, func(int) string { return "FROM scratch\n" }),
			"Dockerfile:1001:1: more than 1000 build stages; ecslint lints at most 1000 per Dockerfile"},
		{"ARG declarations", hub + args,
			"Dockerfile:10003:1: more than 10000 ARG declarations; ecslint lints at most 10000 per Dockerfile"},
		{"ARG declarations", "ARG " + rep(5000, func(i int) string { return fmt.Sprintf("a%d ", i) }) + "\n" + hub +
			"ARG \\\n" + rep(2501, func(i int) string { return fmt.Sprintf(`  "b%d"="x y" c%d= \`+"\n", i, i) }) + "\n",
			"Dockerfile:2504:3: more than 10000 ARG declarations; ecslint lints at most 10000 per Dockerfile"},
		{"sources", hub + rep(1000, func(int) string { return "COPY --from=base /a /b\n" }), ""},
		{"sources", hub + rep(999, func(int) string { return "COPY --from=base /a /b\n" }) +
			"RUN --mount=from=base,target=/a --mount=type=bind,from=nginx,target=/b true\n",
			"Dockerfile:1001:56: more than 1000 COPY --from and RUN --mount from= sources; ecslint lints at most 1000 per Dockerfile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := Parser{}.Parse("Dockerfile", []byte(tc.src))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tc.err == "":
				if err := checkIndex(docs[0]); err != nil {
					t.Error(err)
				}
			case err == nil || err.Error() != tc.err:
				t.Fatalf("Parse error %v, want %s", err, tc.err)
			}
		})
	}
}

// TestParseMemory bounds what one document costs: 10⁵ FROM lines took
// 1.65 GB in a run and 470 MB of allocations in the parser alone.
func TestParseMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	comments := "FROM scratch\n" + strings.Repeat("# "+strings.Repeat("c", 78)+"\n", 8<<20/81)
	for _, tc := range []struct {
		name, src, err string
		mib            uint64 // bytes allocated, at most
	}{
		{"10⁵ FROM", strings.Repeat("FROM alpine:3.20\n", 100000),
			"Dockerfile:1001:1: more than 1000 build stages; ecslint lints at most 1000 per Dockerfile", 48},
		{"10⁵ FROM with an error after the stage limit", strings.Repeat("FROM alpine:3.20\n", 2000) + "FRM x\n",
			"Dockerfile:1001:1: more than 1000 build stages; ecslint lints at most 1000 per Dockerfile", 16},
		{"8 MiB of RUN", "FROM scratch\n" + strings.Repeat("RUN true\n", 8<<20/9),
			"Dockerfile:10001:1: more than 10000 instructions; ecslint lints at most 10000 per Dockerfile", 128},
		// Most of it is parser.NewLines, 4 Mi line starts.
		{"8 MiB of one-letter lines", strings.Repeat("a\n", 4<<20),
			"Dockerfile:1:1: unknown instruction: a (did you mean add?)", 320},
		{"8 MiB of comments", comments, "", 64},
		{"8 MiB of ignore comments", "FROM scratch\n" + strings.Repeat("RUN true\n", 9990) +
			strings.Repeat("#ecslint ignore=D\n", 8<<20/18), "", 600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			docs, err := Parser{}.Parse("Dockerfile", []byte(tc.src))
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
			t.Logf("%v, %d MiB allocated", elapsed, alloc)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tc.err != "" && (err == nil || err.Error() != tc.err):
				t.Fatalf("Parse error %v, want %s", err, tc.err)
			}
			if alloc > tc.mib {
				t.Errorf("%d MiB allocated, want at most %d", alloc, tc.mib)
			}
			runtime.KeepAlive(docs)
		})
	}
}

// TestManyFlags: locating the flag at fault took a parse per flag, each as
// long as the line (2 min 40 s for 20,000 flags).
func TestManyFlags(t *testing.T) {
	src := "FROM scratch\nRUN " + strings.Repeat("--mount=type=tmpfs,target=/x \\\n", 60000) + "--bogus=1 true\n"
	start := time.Now()
	_, err := Parser{}.Parse("Dockerfile", []byte(src))
	if want := "Dockerfile:60002:1: unknown flag: --bogus"; err == nil || err.Error() != want {
		t.Errorf("Parse error %v, want %s", err, want)
	}
	t.Logf("Parse took %v", time.Since(start)) // BenchmarkParse measures speed; this checks the result
}

// TestParseNUL: buildkit accepts NUL in a comment and in a RUN line.
func TestParseNUL(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\x00\n# a \x00 comment\nFROM alpine:3.20\x00 AS a\nRUN echo a\x00b \\\n  # \x00\n  c\nCOPY --from=a\x00 /a /b\n"
	d := mustParse(t, src)
	for ptr, want := range map[string]any{
		"/stages/0/from": "alpine:3.20\x1a", "/stages/0/name": "a", "/copyFrom/0/from": "a\x1a",
	} {
		if got, _ := lookup(d.Body, ptr); got != want {
			t.Errorf("%s = %q, want %q", ptr, got, want)
		}
	}
	for ptr, want := range map[string]string{
		"/stages/0/from": "3:6-3:18 alpine:3.20\x00", "/copyFrom/0": "7:1-7:21 COPY --from=a\x00 /a /b",
	} {
		if got := span(d, ptr); got != want {
			t.Errorf("span %s = %q, want %q", ptr, got, want)
		}
	}
	if err := checkIndex(d); err != nil {
		t.Error(err)
	}
}

// TestInstructionLines checks the instruction count that guards buildkit's
// parser against buildkit itself.
func TestInstructionLines(t *testing.T) {
	srcs := []string{
		multiStage, benchDockerfile, bomb10x8,
		"FROM a\nRUN <<EOF\nFROM x\nEOF\nRUN <<-A <<B cat\n\t\tA\nx\nA\nB\nRUN y\n",
		"FROM a\nRUN [\"<<EOF\"]\nRUN x\nEOF\n",
		"FROM a\nONBUILD RUN <<EOF\nx\nEOF\nCMD <<EOF\nRUN\n",
		"FROM a\nCOPY <<EOF /a\n\\\nEOF\nRUN \\\n\n# c\n \\\n x\n\\\n",
		"# escape=`\n\n# x\nFROM a `\n AS b\nRUN x \\\nRUN y\n",
		"#escape=\\\n# escape=`\nFROM a\n",
		"\\\nFROM a\n  \t\nRUN a\r\nRUN <<'E O'\nE O\nRUN \"<<EOF\"\n",
		"FROM a\nRUN <<EOF \\\n  x\nEOF\n",
		"FROM a\nRUN <\\\n<EOF\nRUN x\nEOF\nRUN y\n",
	}
	if _, err := os.Stat(corpusDir); err == nil {
		for _, f := range corpusFiles(t) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, string(src))
		}
	}
	for _, src := range srcs {
		s := newSource([]byte(src))
		res, err := bkparser.Parse(bytes.NewReader(s.text))
		if err != nil {
			continue
		}
		var want []int
		for _, n := range res.AST.Children {
			want = append(want, n.StartLine)
		}
		if got := s.instructionLines(1 << 30); !reflect.DeepEqual(got, want) {
			t.Errorf("%.60q: instructionLines %v, buildkit %v", src, got, want)
		}
		if got := s.instructionLines(1); len(want) > 1 && !reflect.DeepEqual(got, want[:2]) {
			t.Errorf("%.60q: instructionLines(1) = %v, want %v", src, got, want[:2])
		}
	}
}
