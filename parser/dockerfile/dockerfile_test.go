package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	bkparser "github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/ecslint/ecslint/parser"
)

// corpusDir is the shared real-world corpus, relative to this package.
const corpusDir = "../../../shared/corpus"

func mustParse(t *testing.T, src string) *parser.Document {
	t.Helper()
	docs, err := Parser{}.Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(docs) != 1 {
		t.Fatalf("Parse returned %d documents, want 1", len(docs))
	}
	d := docs[0]
	if d.Kind != parser.KindDockerfile || d.Source != parser.SourceDockerfile || d.File != "Dockerfile" || string(d.Text) != src {
		t.Fatalf("document header = %q %q %q, text kept %v", d.Kind, d.Source, d.File, string(d.Text) == src)
	}
	return d
}

// splitPointer turns a JSON pointer into a path; numbers stay strings,
// which Key renders the same way.
func splitPointer(ptr string) []any {
	if ptr == "" {
		return nil
	}
	var path []any
	for _, el := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		path = append(path, el)
	}
	return path
}

// lookup follows a JSON pointer through a body.
func lookup(body any, ptr string) (any, bool) {
	cur := body
	for _, el := range splitPointer(ptr) {
		key := el.(string)
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[key]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// span renders the range recorded for exactly ptr as "l:c-l:c text", the
// text being the source bytes between its offsets; "" when unrecorded.
func span(d *parser.Document, ptr string) string {
	r, ok := d.Index.Get(splitPointer(ptr))
	// "/notices/k" is the range of Document.Notices[k].
	var k int
	if _, err := fmt.Sscanf(ptr, "/notices/%d", &k); err == nil && k < len(d.Notices) {
		r, ok = d.Notices[k].Range, true
	}
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d-%d:%d %s", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column,
		d.Text[r.Start.Offset:r.End.Offset])
}

// checkRange verifies r lies within src and that its lines and columns
// agree with its offsets (columns on line 1 exclude a BOM).
func checkRange(src []byte, r parser.Range) error {
	bom := 0
	if bytes.HasPrefix(src, []byte(utf8BOM)) {
		bom = len(utf8BOM)
	}
	if r.Start.Offset < bom || r.Start.Offset > r.End.Offset || r.End.Offset > len(src) {
		return fmt.Errorf("range %+v outside [%d, %d]", r, bom, len(src))
	}
	lines := parser.NewLines(src[bom:])
	for _, p := range []parser.Position{r.Start, r.End} {
		want := lines.Pos(p.Offset - bom)
		want.Offset += bom
		if p != want {
			return fmt.Errorf("position %+v, want %+v", p, want)
		}
	}
	return nil
}

func checkIndex(doc *parser.Document) error {
	if r, ok := doc.Index.Get(nil); !ok || r.Start.Offset > 0 && r.Start.Offset != len(utf8BOM) || r.End.Offset != len(doc.Text) {
		return fmt.Errorf("root range %+v (recorded %v), want the whole file", r, ok)
	}
	for _, k := range doc.Index.Keys() {
		r, _ := doc.Index.Get(splitPointer(k))
		if err := checkRange(doc.Text, r); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	for k, n := range doc.Notices {
		if err := checkRange(doc.Text, n.Range); err != nil {
			return fmt.Errorf("notice %d: %w", k, err)
		}
	}
	return nil
}

// checkTokens verifies that located tokens hold what the body says: an
// instruction starts with its keyword, and a one-line token without quotes
// or escape characters is exactly its value.
func checkTokens(doc *parser.Document) error {
	esc := doc.Body["escape"].(string)
	text := func(r parser.Range) string { return string(doc.Text[r.Start.Offset:r.End.Offset]) }
	check := func(list, keyword string) error {
		for i, e := range doc.Body[list].([]any) {
			m := e.(map[string]any)
			r, ok := doc.Index.Get([]any{list, i, "from"})
			if !ok {
				continue
			}
			ir, _ := doc.Index.Get([]any{list, i})
			kw := keyword
			if kw == "" {
				kw = m["instruction"].(string)
			}
			if t := text(ir); len(t) < len(kw) || !strings.EqualFold(t[:len(kw)], kw) {
				return fmt.Errorf("%s/%d: instruction range %q does not start with %s", list, i, t, kw)
			}
			if r.Start.Offset < ir.Start.Offset || r.End.Offset > ir.End.Offset {
				return fmt.Errorf("%s/%d: from %+v outside its instruction %+v", list, i, r, ir)
			}
			// Bytes that are not UTF-8, and NUL, are read as U+001A.
			t := text(r)
			plain := utf8.ValidString(t) && !strings.ContainsAny(t, "\x00\"'"+esc)
			if r.Start.Line == r.End.Line && plain && t != m["from"] {
				return fmt.Errorf("%s/%d: from range holds %q, body says %q", list, i, t, m["from"])
			}
		}
		return nil
	}
	if err := check("stages", "FROM"); err != nil {
		return err
	}
	return check("copyFrom", "")
}

type bodyCase struct {
	name  string
	src   string
	vals  map[string]any    // pointer -> value; nil value means "absent"
	spans map[string]string // pointer -> span(); "" means "not indexed"
}

func runBodyCases(t *testing.T, cases []bodyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := mustParse(t, tc.src)
			for ptr, want := range tc.vals {
				got, ok := lookup(d.Body, ptr)
				if want == nil {
					if ok {
						t.Errorf("%s = %#v, want absent", ptr, got)
					}
					continue
				}
				if !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v (present %v), want %#v", ptr, got, ok, want)
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
			if err := checkTokens(d); err != nil {
				t.Error(err)
			}
		})
	}
}

const multiStage = `# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22
ARG BASE
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS Build
ARG IMG=nginx:1.27
COPY --link --from=${IMG} /a /b
RUN <<EOF
FROM ignored
COPY --from=ignored /a /b
EOF
from \
   ${BASE:-alpine:3.20} \
  as final
RUN --mount=type=cache,target=/x --mount="type=bind,from=build,source=/,target=/y" echo hi
COPY --from=0 /a /b
COPY --from=$IMG /x /y
`

func TestParseMultiStage(t *testing.T) {
	d := mustParse(t, multiStage)
	want := map[string]any{
		"escape": `\`,
		"syntax": map[string]any{"image": "docker/dockerfile:1.7", "line": 1},
		"args": []any{
			map[string]any{"name": "GO_VERSION", "default": "1.22", "hasDefault": true, "line": 2},
			map[string]any{"name": "BASE", "default": "", "hasDefault": false, "line": 3},
		},
		"stages": []any{
			map[string]any{
				"index": 0, "name": "build", "from": "golang:${GO_VERSION}-alpine",
				"image": "golang:1.22-alpine", "resolved": true, "stage": false,
				"scratch": false, "platform": "$BUILDPLATFORM", "line": 4,
			},
			map[string]any{
				"index": 1, "name": "final", "from": "${BASE:-alpine:3.20}",
				"image": "alpine:3.20", "resolved": true, "stage": false,
				"scratch": false, "line": 11,
			},
		},
		"copyFrom": []any{
			map[string]any{
				"instruction": "COPY", "from": "${IMG}", "image": "nginx:1.27",
				"resolved": true, "stage": false, "stageIndex": 0, "line": 6,
			},
			map[string]any{
				"instruction": "RUN", "from": "build", "image": "build",
				"resolved": true, "stage": true, "stageIndex": 1, "line": 14,
			},
			map[string]any{
				"instruction": "COPY", "from": "0", "image": "0",
				"resolved": true, "stage": true, "stageIndex": 1, "line": 15,
			},
			// IMG was declared in stage 0 only.
			map[string]any{
				"instruction": "COPY", "from": "$IMG", "image": "",
				"resolved": false, "stage": false, "stageIndex": 1, "line": 16,
			},
		},
	}
	if !reflect.DeepEqual(d.Body, want) {
		t.Errorf("body =\n%#v\nwant\n%#v", d.Body, want)
	}
	wantSpans := map[string]string{
		"/syntax":             "1:1-1:31 # syntax=docker/dockerfile:1.7",
		"/syntax/image":       "1:10-1:31 docker/dockerfile:1.7",
		"/args/0":             "2:1-2:20 ARG GO_VERSION=1.22",
		"/args/1":             "3:1-3:9 ARG BASE",
		"/stages/0":           "4:1-4:68 FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS Build",
		"/stages/0/platform":  "4:17-4:31 $BUILDPLATFORM",
		"/stages/0/from":      "4:32-4:59 golang:${GO_VERSION}-alpine",
		"/stages/0/name":      "4:63-4:68 Build",
		"/copyFrom/0":         "6:1-6:32 COPY --link --from=${IMG} /a /b",
		"/copyFrom/0/from":    "6:20-6:26 ${IMG}",
		"/stages/1":           "11:1-13:11 from \\\n   ${BASE:-alpine:3.20} \\\n  as final",
		"/stages/1/from":      "12:4-12:24 ${BASE:-alpine:3.20}",
		"/stages/1/name":      "13:6-13:11 final",
		"/stages/1/platform":  "",
		"/copyFrom/1/from":    "14:58-14:63 build",
		"/copyFrom/2":         "15:1-15:20 COPY --from=0 /a /b",
		"/copyFrom/2/from":    "15:13-15:14 0",
		"/copyFrom/3/from":    "16:13-16:17 $IMG",
		"/stages/2":           "",
		"/copyFrom/4":         "",
		"/stages/0/from/more": "",
	}
	for ptr, want := range wantSpans {
		if got := span(d, ptr); got != want {
			t.Errorf("span %s = %q, want %q", ptr, got, want)
		}
	}
	if err := checkIndex(d); err != nil {
		t.Error(err)
	}
}

func TestParseFeatures(t *testing.T) {
	digest := "sha256:" + strings.Repeat("0123456789abcdef", 4)
	runBodyCases(t, []bodyCase{
		{
			name: "escape directive backtick",
			src: "# escape=`\n" +
				"FROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n" +
				"    AS build\n" +
				"RUN powershell -Command `\n" +
				"    Write-Host C:\\tmp\\\n" +
				"COPY --from=build C:\\a C:\\b\n",
			vals: map[string]any{
				"/escape":              "`",
				"/stages/0/name":       "build",
				"/stages/0/from":       "mcr.microsoft.com/windows/servercore:ltsc2022",
				"/stages/0/image":      "mcr.microsoft.com/windows/servercore:ltsc2022",
				"/copyFrom/0/stage":    true,
				"/copyFrom/0/line":     6,
				"/syntax":              nil,
				"/stages/0/platform":   nil,
				"/copyFrom/0/resolved": true,
			},
			spans: map[string]string{
				"/stages/0":        "2:1-3:13 FROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n    AS build",
				"/stages/0/from":   "2:6-2:51 mcr.microsoft.com/windows/servercore:ltsc2022",
				"/stages/0/name":   "3:8-3:13 build",
				"/copyFrom/0/from": "6:13-6:18 build",
			},
		},
		{
			name: "escape directive after syntax",
			src:  "# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.20 `\n  AS a\n",
			vals: map[string]any{"/escape": "`", "/syntax/image": "docker/dockerfile:1", "/stages/0/name": "a"},
			spans: map[string]string{
				"/syntax/image":  "1:10-1:29 docker/dockerfile:1",
				"/stages/0/from": "3:6-3:17 alpine:3.20",
				"/stages/0/name": "4:6-4:7 a",
			},
		},
		{
			name: "syntax directive with spaces and options",
			src:  "#   Syntax = docker/dockerfile:1.7-labs   \nFROM alpine\n",
			vals: map[string]any{"/syntax/image": "docker/dockerfile:1.7-labs", "/syntax/line": 1},
			spans: map[string]string{
				"/syntax":       "1:1-1:43 #   Syntax = docker/dockerfile:1.7-labs   ",
				"/syntax/image": "1:14-1:40 docker/dockerfile:1.7-labs",
			},
		},
		{
			name:  "syntax after shebang-less comment is no directive",
			src:   "# hello\n# syntax=docker/dockerfile:1\nFROM alpine\n",
			vals:  map[string]any{"/syntax": nil},
			spans: map[string]string{"/syntax": ""},
		},
		{
			name: "heredocs are not instructions",
			src: "FROM alpine:3.20\n" +
				"RUN <<EOF\n" +
				"FROM nginx\n" +
				"COPY --from=evil /a /b\n" +
				"EOF\n" +
				"COPY <<-EOT /x\n" +
				"\tFROM y\n" +
				"\tEOT\n" +
				"RUN <<A cat && <<B cat\n" +
				"FROM a\n" +
				"A\n" +
				"FROM b\n" +
				"B\n" +
				"FROM busybox\n",
			vals: map[string]any{
				"/stages/0/from": "alpine:3.20",
				"/stages/1/from": "busybox",
				"/stages/1/line": 14,
				"/stages/2":      nil,
				"/copyFrom/0":    nil,
			},
			spans: map[string]string{
				"/stages/0":      "1:1-1:17 FROM alpine:3.20",
				"/stages/1":      "14:1-14:13 FROM busybox",
				"/stages/1/from": "14:6-14:13 busybox",
			},
		},
		{
			name: "heredoc in COPY --from instruction",
			src:  "FROM a\nCOPY --from=nginx:1.27 <<EOF /x\nhello\nEOF\n",
			vals: map[string]any{"/copyFrom/0/image": "nginx:1.27", "/copyFrom/0/line": 2},
			spans: map[string]string{
				"/copyFrom/0":      "2:1-4:4 COPY --from=nginx:1.27 <<EOF /x\nhello\nEOF",
				"/copyFrom/0/from": "2:13-2:23 nginx:1.27",
			},
		},
		{
			name: "lower-case instructions",
			src:  "arg v=3.20\nfrom alpine:$v as Base\ncopy --from=base /a /b\nfrom Base\n",
			vals: map[string]any{
				"/args/0/name":      "v",
				"/stages/0/image":   "alpine:3.20",
				"/stages/0/name":    "base",
				"/stages/1/stage":   true,
				"/copyFrom/0/stage": true,
			},
			spans: map[string]string{
				"/args/0":          "1:1-1:11 arg v=3.20",
				"/stages/0/from":   "2:6-2:15 alpine:$v",
				"/stages/0/name":   "2:19-2:23 Base",
				"/copyFrom/0/from": "3:13-3:17 base",
				"/stages/1/from":   "4:6-4:10 Base",
			},
		},
		{
			name: "CRLF line endings",
			src:  "ARG TAG=1.27\r\nFROM nginx:${TAG} \\\r\n  AS web\r\nCOPY --from=web /a /b\r\n",
			vals: map[string]any{"/stages/0/image": "nginx:1.27", "/stages/0/name": "web", "/copyFrom/0/stage": true},
			spans: map[string]string{
				"/args/0":          "1:1-1:13 ARG TAG=1.27",
				"/stages/0":        "2:1-3:9 FROM nginx:${TAG} \\\r\n  AS web",
				"/stages/0/from":   "2:6-2:18 nginx:${TAG}",
				"/stages/0/name":   "3:6-3:9 web",
				"/copyFrom/0":      "4:1-4:22 COPY --from=web /a /b",
				"/copyFrom/0/from": "4:13-4:16 web",
			},
		},
		{
			name: "continuations, tabs, comments and flags",
			src: "FROM \\\n" +
				"  --platform=$BUILDPLATFORM \\\n" +
				"# a comment inside the instruction\n" +
				"\n" +
				"\tgolang:1.22 \\\n" +
				"  AS build\n",
			vals: map[string]any{
				"/stages/0/from":     "golang:1.22",
				"/stages/0/platform": "$BUILDPLATFORM",
				"/stages/0/name":     "build",
				"/stages/0/line":     1,
			},
			spans: map[string]string{
				"/stages/0":          "1:1-6:11 FROM \\\n  --platform=$BUILDPLATFORM \\\n# a comment inside the instruction\n\n\tgolang:1.22 \\\n  AS build",
				"/stages/0/platform": "2:14-2:28 $BUILDPLATFORM",
				"/stages/0/from":     "5:2-5:13 golang:1.22",
				"/stages/0/name":     "6:6-6:11 build",
			},
		},
		{
			name: "token split by a continuation",
			src:  "FROM golang\\\n:1.22\n",
			vals: map[string]any{"/stages/0/from": "golang:1.22"},
			spans: map[string]string{
				"/stages/0/from": "1:6-2:6 golang\\\n:1.22",
			},
		},
		{
			name: "multibyte characters before the image",
			src:  "FROM --platform=ünï/ärm nginx:1.27 AS web\n",
			vals: map[string]any{"/stages/0/platform": "ünï/ärm", "/stages/0/name": "web"},
			spans: map[string]string{
				"/stages/0/platform": "1:17-1:24 ünï/ärm",
				"/stages/0/from":     "1:25-1:35 nginx:1.27",
				"/stages/0/name":     "1:39-1:42 web",
			},
		},
		{
			name: "quoted flag value",
			src:  "FROM --platform=\"linux/amd64\" alpine\nCOPY --from=\"nginx:1.27\" /a /b\n",
			vals: map[string]any{"/stages/0/platform": "linux/amd64", "/copyFrom/0/from": "nginx:1.27"},
			spans: map[string]string{
				"/stages/0/platform": "1:18-1:29 linux/amd64",
				"/copyFrom/0/from":   "2:14-2:24 nginx:1.27",
			},
		},
		{
			name:  "FROM sha256 digest oddity",
			src:   "FROM " + digest + "\n",
			vals:  map[string]any{"/stages/0/from": digest, "/stages/0/image": digest, "/stages/0/resolved": true},
			spans: map[string]string{"/stages/0/from": "1:6-1:77 " + digest},
		},
		{
			name:  "image pinned by digest",
			src:   "FROM nginx:1.27@" + digest + " AS web\n",
			vals:  map[string]any{"/stages/0/image": "nginx:1.27@" + digest, "/stages/0/name": "web"},
			spans: map[string]string{"/stages/0/from": "1:6-1:88 nginx:1.27@" + digest},
		},
		{
			// buildkit takes {{x}} for one word; the rules judge it.
			name: "template placeholder with AS",
			src:  "FROM alpine:{{alpine_version}} AS build\n",
			vals: map[string]any{"/stages/0/from": "alpine:{{alpine_version}}", "/stages/0/image": "alpine:{{alpine_version}}", "/stages/0/name": "build"},
			spans: map[string]string{
				"/stages/0/from": "1:6-1:31 alpine:{{alpine_version}}",
				"/stages/0/name": "1:35-1:40 build",
			},
		},
		{
			name: "scratch",
			src:  "FROM scratch\nFROM scratch AS s\n",
			vals: map[string]any{"/stages/0/scratch": true, "/stages/1/scratch": true, "/stages/1/stage": false},
		},
		{
			name:  "COPY --link --from and other flags",
			src:   "FROM a\nCOPY --link --chown=1:1 --from=nginx:1.27 --chmod=644 /etc/nginx /etc/nginx\n",
			vals:  map[string]any{"/copyFrom/0/from": "nginx:1.27", "/copyFrom/0/instruction": "COPY", "/copyFrom/0/stageIndex": 0},
			spans: map[string]string{"/copyFrom/0/from": "2:32-2:42 nginx:1.27"},
		},
		{
			name: "RUN --mount from forms",
			src: "FROM alpine AS src\n" +
				"RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=x true\n" +
				"RUN --mount=type=bind,\"from=ghcr.io/a/b:1\",target=/x \\\n" +
				"    --mount=FROM=0,target=/y true\n" +
				"RUN --mount=from=later true\n" +
				"FROM scratch AS later\n",
			vals: map[string]any{
				"/copyFrom/0/instruction": "RUN",
				"/copyFrom/0/from":        "ghcr.io/a/b:1",
				"/copyFrom/0/stage":       false,
				"/copyFrom/0/line":        3,
				// buildkit resolves RUN --mount from= by name only.
				"/copyFrom/1/from":  "0",
				"/copyFrom/1/stage": false,
				"/copyFrom/1/line":  3,
				// a forward reference still names a stage, not an image.
				"/copyFrom/2/from":  "later",
				"/copyFrom/2/stage": true,
				"/copyFrom/3":       nil,
			},
			spans: map[string]string{
				"/copyFrom/0":      "3:1-4:34 RUN --mount=type=bind,\"from=ghcr.io/a/b:1\",target=/x \\\n    --mount=FROM=0,target=/y true",
				"/copyFrom/0/from": "3:29-3:42 ghcr.io/a/b:1",
				"/copyFrom/1/from": "4:18-4:19 0",
				"/copyFrom/2/from": "5:18-5:23 later",
			},
		},
		{
			name: "stage references",
			src: "FROM alpine AS Base\n" +
				"FROM BASE AS two\n" +
				"COPY --from=1 /a /b\n" +
				"COPY --from=Base /a /b\n" +
				"COPY --from=7 /a /b\n" +
				"COPY --from=base:1 /a /b\n" +
				"FROM two\n" +
				"FROM three\n",
			vals: map[string]any{
				"/stages/0/stage":   false,
				"/stages/1/stage":   true,
				"/copyFrom/0/stage": true,
				"/copyFrom/1/stage": true,
				"/copyFrom/2/stage": true, // numeric: always an index for buildkit
				"/copyFrom/3/stage": false,
				"/stages/2/stage":   true,
				"/stages/3/stage":   false,
			},
		},
		{
			name: "ARG with several names",
			src:  "ARG A=1 B C=\"x y\"\nFROM img:$A$C\n",
			vals: map[string]any{
				"/args/0/name": "A", "/args/0/default": "1",
				"/args/1/name": "B", "/args/1/hasDefault": false,
				"/args/2/name": "C", "/args/2/default": "x y", "/args/2/line": 1,
				"/stages/0/image": "img:1x y",
			},
			spans: map[string]string{
				"/args/0": "1:1-1:18 ARG A=1 B C=\"x y\"",
				"/args/2": "1:1-1:18 ARG A=1 B C=\"x y\"",
			},
		},
	})
}

func TestParseBOM(t *testing.T) {
	src := utf8BOM + "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
	d := mustParse(t, src)
	if got, want := d.Body["syntax"], (map[string]any{"image": "docker/dockerfile:1", "line": 1}); !reflect.DeepEqual(got, want) {
		t.Errorf("syntax = %#v, want %#v", got, want)
	}
	r, _ := d.Index.Get([]any{"syntax", "image"})
	// Columns exclude the BOM; offsets count its three bytes.
	if want := (parser.Range{Start: parser.Position{Line: 1, Column: 10, Offset: 12}, End: parser.Position{Line: 1, Column: 29, Offset: 31}}); r != want {
		t.Errorf("syntax image range = %+v, want %+v", r, want)
	}
	r, _ = d.Index.Get([]any{"stages", 0, "from"})
	if want := (parser.Range{Start: parser.Position{Line: 2, Column: 6, Offset: 37}, End: parser.Position{Line: 2, Column: 17, Offset: 48}}); r != want {
		t.Errorf("from range = %+v, want %+v", r, want)
	}
	if got := span(d, "/stages/0/from"); got != "2:6-2:17 alpine:3.20" {
		t.Errorf("from span = %q", got)
	}

	d = mustParse(t, utf8BOM+"FROM alpine\n")
	r, _ = d.Index.Get([]any{"stages", 0})
	if want := (parser.Range{Start: parser.Position{Line: 1, Column: 1, Offset: 3}, End: parser.Position{Line: 1, Column: 12, Offset: 14}}); r != want {
		t.Errorf("stage range = %+v, want %+v", r, want)
	}
}

func TestSubstitution(t *testing.T) {
	digest := "sha256:" + strings.Repeat("0123456789abcdef", 4)
	cases := []struct {
		name     string
		prelude  string // global ARGs
		from     string
		image    string
		resolved bool
	}{
		{"plain", "", "nginx:1.27", "nginx:1.27", true},
		{"dollar name", "ARG V=1.22", "golang:$V", "golang:1.22", true},
		{"braces", "ARG V=1.22", "golang:${V}-alpine", "golang:1.22-alpine", true},
		{"quoted default", `ARG V="1.22"`, "golang:$V", "golang:1.22", true},
		{"quoted image", "ARG V=1.22", `"golang:$V"`, "golang:1.22", true},
		{"default modifier on declared arg", "ARG V", "golang:${V:-1.21}", "golang:1.21", true},
		{"default modifier on undefined var", "", "golang:${V-1.21}", "golang:1.21", true},
		{"default modifier not used", "ARG V=1.23", "golang:${V:-1.21}", "golang:1.23", true},
		{"plus modifier unset", "", "golang${V:+-$V}", "golang", true},
		{"plus modifier set", "ARG V=rc", "golang${V:+-$V}", "golang-rc", true},
		{"arg without default", "ARG V", "golang:$V", "golang:", false},
		{"undefined var", "", "golang:${NOPE}", "golang:", false},
		// Built-in platform ARGs are set, to values not known statically;
		// a reference to one stays in the image as written.
		{"built-in platform arg", "", "golang:$TARGETARCH", "golang:$TARGETARCH", true},
		{"built-in platform arg in braces", "", "golang:${BUILDOS}-${BUILDARCH}", "golang:${BUILDOS}-${BUILDARCH}", true},
		{"built-in platform arg declared without value", "ARG TARGETARCH", "golang:$TARGETARCH", "golang:$TARGETARCH", true},
		{"built-in platform arg with default", "ARG TARGETARCH=amd64", "golang:$TARGETARCH", "golang:amd64", true},
		{"built-in platform arg plus modifier", "", "busybox${TARGETARCH:+@" + digest + "}", "busybox@" + digest, true},
		{"built-in platform arg plus without colon", "", "busybox${TARGETPLATFORM+@" + digest + "}", "busybox@" + digest, true},
		{"built-in platform arg default modifier", "", "golang:${TARGETARCH:-amd64}", "golang:${TARGETARCH:-amd64}", true},
		{"built-in platform arg required", "", "golang:${TARGETOS:?}", "golang:${TARGETOS:?}", true},
		{"built-in platform arg followed by quoted text", "", `golang:$TARGETARCH"x"`, "golang:${TARGETARCH}x", true},
		{"built-in platform arg trimmed", "", "golang:${TARGETPLATFORM#linux/}", "golang:${TARGETPLATFORM}", false},
		{"built-in platform arg replaced", "", "golang:${TARGETARCH/amd/x}", "golang:${TARGETARCH}", false},
		// TARGETVARIANT is empty on amd64.
		{"variant plus modifier", "", "golang${TARGETVARIANT:+:1.23}", "golang:1.23", false},
		{"variant plus without colon", "", "golang${TARGETVARIANT+:1.23}", "golang:1.23", true},
		{"variant default modifier", "", "golang:${TARGETVARIANT:-v7}", "golang:${TARGETVARIANT:-v7}", false},
		{"variant bare", "", "golang:1.23$TARGETVARIANT", "golang:1.23$TARGETVARIANT", true},
		{"arg built from platform arg", "ARG A=$TARGETARCH", "golang:$A", "golang:${TARGETARCH}", true},
		{"arg built from platform arg, spliced", "ARG A=x-$TARGETOS", "golang:${A}y", "golang:x-${TARGETOS}y", true},
		{"arg built from platform arg, plus", "ARG A=x$TARGETARCH", "golang${A:+:1.23}", "golang:1.23", true},
		{"arg built from variant, plus", "ARG A=$TARGETVARIANT", "golang${A:+:1.23}", "golang:1.23", false},
		{"arg built from variant and text, plus", "ARG A=v$TARGETVARIANT", "golang${A:+:1.23}", "golang:1.23", true},
		{"arg built from platform arg, trimmed", "ARG A=$TARGETARCH", "golang:${A%64}", "golang:${TARGETARCH}", false},
		{"arg built from trimmed platform arg", "ARG A=${TARGETARCH%64}", "golang:$A", "golang:${TARGETARCH}", false},
		// The private-use runes that mark unknown values are not expanded.
		{"marker runes in the word", "", "a:\uE001TARGETARCH\uE002$TARGETARCH", "a:\uE001TARGETARCH\uE002$TARGETARCH", false},
		{"arg chain", "ARG R=docker.io\nARG IMG=${R}/library/nginx:1.27", "$IMG", "docker.io/library/nginx:1.27", true},
		{"arg chain with unknown", "ARG R\nARG IMG=$R/nginx", "$IMG", "/nginx", false},
		{"redeclared without value keeps value", "ARG V=1\nARG V", "a:$V", "a:1", true},
		{"prefix trim", "ARG V=v1.2", "a:${V#v}", "a:1.2", true},
		{"prefix trim unset", "", "a:${V#v}", "a:", false},
		{"required unset", "", "a:${V:?needed}", "a:${V:?needed}", false},
		{"bad substitution", "", "a:${V", "a:${V", false},
		{"escaped dollar", "", `a:\$V`, "a:$V", true},
		{"single quotes", "", `'a:$V'`, "a:$V", true},
		{"mixed known and unknown", "ARG A=x", "$A:$B", "x:", false},
		{"defaulted and bare reference", "", "${V:-a}:$V", "a:", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.prelude + "\nFROM " + tc.from + "\n"
			d := mustParse(t, src)
			st := d.Body["stages"].([]any)[0].(map[string]any)
			if st["from"] != tc.from || st["image"] != tc.image || st["resolved"] != tc.resolved {
				t.Errorf("from %q: image %q resolved %v, want %q %v", st["from"], st["image"], st["resolved"], tc.image, tc.resolved)
			}
			if got := span(d, "/stages/0/from"); !strings.HasSuffix(got, " "+tc.from) {
				t.Errorf("from span = %q", got)
			}
		})
	}
}

func TestSubstitutionScopes(t *testing.T) {
	runBodyCases(t, []bodyCase{
		{
			name: "stage ARG does not reach later FROM",
			src:  "ARG V=1\nFROM a:$V\nARG V=2\nFROM b:$V\n",
			vals: map[string]any{"/stages/0/image": "a:1", "/stages/1/image": "b:1", "/args/1": nil},
		},
		{
			name: "copyFrom sees global and stage ARGs",
			src:  "ARG G=redis:7\nFROM a\nARG S=nginx:1.27\nARG U\nCOPY --from=${G} /a /b\nCOPY --from=$S /a /b\nCOPY --from=$U /a /b\n",
			vals: map[string]any{
				"/copyFrom/0/image": "redis:7", "/copyFrom/0/resolved": true,
				"/copyFrom/1/image": "nginx:1.27", "/copyFrom/1/resolved": true,
				"/copyFrom/2/image": "", "/copyFrom/2/resolved": false,
			},
		},
		{
			name: "stage ARG overrides global in copyFrom",
			src:  "ARG G=redis:7\nFROM a\nARG G=redis:8\nCOPY --from=$G /a /b\n",
			vals: map[string]any{"/copyFrom/0/image": "redis:8", "/copyFrom/0/from": "$G"},
		},
		{
			// buildkit's dispatchArg: a declaration without a value takes
			// the global value, over an earlier one of the stage.
			name: "stage ARG without value takes the global value",
			src:  "ARG G=redis:7\nFROM a\nARG G=redis:8\nARG G\nCOPY --from=$G /a /b\nARG L=x\nARG L\nCOPY --from=$L /a /b\n",
			vals: map[string]any{"/copyFrom/0/image": "redis:7", "/copyFrom/1/image": "x"},
		},
	})
}

func TestParseErrors(t *testing.T) {
	long := strings.Repeat("x", 70000)
	cases := []struct {
		name string
		src  string
		pos  string // line:col
		msg  string // substring
	}{
		{"empty", "", "1:1", "file with no instructions"},
		{"blank lines", "\n  \n\t\n", "1:1", "file with no instructions"},
		{"only comments", "# Hello\n# These are just comments\n\n", "1:1", "file with no instructions"},
		{"only a directive", "# syntax=docker/dockerfile:1\n", "1:1", "file with no instructions"},
		{"BOM only", utf8BOM, "1:1", "file with no instructions"},
		{"nested JSON", "FROM a\n  CMD [ \"echo\", [ \"nested json\" ] ]\n", "2:3", "arrays must be comprised of strings only"},
		{"ENV without value", "FROM busybox\n\nENV PATH\n", "3:1", "ENV must have two arguments"},
		{"duplicate directive", "# escape=\\\n# escape=`\nFROM a\n", "2:1", "only one escape parser directive can be used"},
		{"invalid escape", "# syntax=x\n# escape=x\nFROM a\n", "2:1", "invalid escape token"},
		{"unterminated heredoc", "FROM a\nRUN <<EOF\necho hi\n", "2:1", "unterminated heredoc"},
		{"FROM without arguments", "FROM a\n\n  from\n", "3:3", "FROM requires either one or three arguments"},
		{"FROM with only flags", "FROM --platform=linux/amd64\n", "1:1", "FROM requires either one or three arguments"},
		{"ARG without name", "ARG\nFROM a\n", "1:1", "ARG requires at least one argument"},
		{"ARG with blank name", "FROM a\nARG =x\n", "2:1", "ARG names can not be blank"},
		{"line too long", "FROM a\nRUN " + long + "\n", "2:1", "dockerfile line greater than max allowed size"},

		// buildkit's instructions package (instructions.Parse) rejects
		// these before any build. FROM arity errors point at the first
		// word that is not `image [AS name]`.
		{"FROM with trailing # is no comment", "FROM golang:1.23 AS build # comment\n", "1:27", "FROM requires either one or three arguments"},
		{"FROM AS without name", "FROM x AS\n", "1:8", "FROM requires either one or three arguments"},
		{"FROM word after name", "FROM x AS b extra\n", "1:13", "FROM requires either one or three arguments"},
		{"FROM two images", "FROM a b\n", "1:8", "FROM requires either one or three arguments"},
		{"FROM template words", "FROM {core dump image build}\nADD extra.conf /extra.conf\n", "1:12", "FROM requires either one or three arguments"},
		{"FROM split over lines", "FROM a \\\n  AS b \\\n# comment\n  c\n", "4:3", "FROM requires either one or three arguments"},
		{"FROM with backtick escape", "# escape=`\nFROM a `\n  AS b c\n", "3:8", "FROM requires either one or three arguments"},
		{"FROM invalid stage name", "FROM a AS 1st\n", "1:11", `invalid name for build stage: "1st"`},
		{"FROM non-ASCII stage name", "FROM --platform=ünï nginx AS wéb\n", "1:30", `invalid name for build stage: "wéb"`},
		{"FROM unknown flag", "FROM --plattform=x a\n", "1:6", "unknown flag: --plattform (did you mean platform?)"},
		{"FROM flag without value", "FROM --platform a\n", "1:6", "missing a value on flag: --platform"},
		{"unknown instruction", "FRM alpine:3.20\n", "1:1", "unknown instruction: FRM (did you mean FROM?)"},
		{"unknown instruction lower case", "FROM a\n  frm b\n", "2:3", "unknown instruction: frm (did you mean from?)"},
		{"unknown instruction after BOM", utf8BOM + "FRM a\n", "1:1", "unknown instruction: FRM"},
		{"unknown instruction far from any", "FROM a\nXYZZY b\n", "2:1", "unknown instruction: XYZZY"},
		{"template line", "{{ if x }}\nFROM a\n", "1:1", "unknown instruction: {{"},
		{"COPY --from without =", "FROM busybox\nCOPY --from registry.com/x /foo /bar\n", "2:6", "missing a value on flag: --from"},
		{"COPY --from without = CRLF", "FROM busybox\r\nCOPY --from x /a /b\r\n", "2:6", "missing a value on flag: --from"},
		{"COPY second flag at fault", "FROM a\nCOPY --link --form=x /a /b\n", "2:13", "unknown flag: --form (did you mean from?)"},
		{"COPY duplicate flag", "FROM a\nCOPY --from=a --from=b /a /b\n", "2:15", "duplicate flag specified: --from"},
		{"flag on a continuation line", "FROM a\nCOPY --link \\\n  --chown 1 /a /b\n", "3:3", "missing a value on flag: --chown"},
		{"COPY one argument", "FROM a\nCOPY --from=x /a\n", "2:1", "COPY requires at least two arguments"},
		{"COPY heredoc destination", "FROM a\nCOPY /a <<EOF\nx\nEOF\n", "2:1", "COPY cannot accept a heredoc as a destination"},
		{"RUN --mount from with a variable", "FROM a\nARG X=b\nRUN --mount=from=$X,target=/x true\n", "3:5", "'from' doesn't support variable expansion"},
		{"RUN --mount bad CSV", "FROM a\nRUN --mount=type=bind,from=a\\\"b true\n", "2:5", "failed to parse csv mounts"},
		{"RUN bad network", "FROM a\nRUN --mount=type=cache,target=/x --network=bogus true\n", "2:34", `invalid network mode "bogus"`},
		{"HEALTHCHECK bad type", "FROM a\nHEALTHCHECK --interval=5s RUN true\n", "2:1", `Unknown type "RUN" in HEALTHCHECK (try CMD)`},
		{"ONBUILD FROM", "FROM a\nONBUILD FROM b\n", "2:1", "FROM isn't allowed as an ONBUILD trigger"},
		{"instruction before FROM", "ARG A\nCOPY a b\nFROM x\n", "2:1", "no build stage in current context"},
		{"first error wins", "ARG A\nFRM a\nFROM x AS\n", "2:1", "unknown instruction: FRM"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := Parser{}.Parse("dir/Dockerfile", []byte(tc.src))
			if err == nil {
				t.Fatalf("Parse returned %d documents, want an error", len(docs))
			}
			var pe *parser.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *parser.Error", err, err)
			}
			if docs != nil {
				t.Errorf("documents returned with an error")
			}
			if pe.File != "dir/Dockerfile" {
				t.Errorf("File = %q", pe.File)
			}
			if got := fmt.Sprintf("%d:%d", pe.Pos.Line, pe.Pos.Column); got != tc.pos {
				t.Errorf("position %s, want %s (%v)", got, tc.pos, err)
			}
			if err := checkRange([]byte(tc.src), parser.Range{Start: pe.Pos, End: pe.Pos}); err != nil {
				t.Error(err)
			}
			if !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("message %q, want it to contain %q", pe.Msg, tc.msg)
			}
			if want := "dir/Dockerfile:" + tc.pos + ": "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

// TestParseAccepted lists inputs near the errors above that buildkit
// accepts, and so must ecslint.
func TestParseAccepted(t *testing.T) {
	for _, src := range []string{
		"FROM a AS B\n",
		"from a as b\n",
		"FROM a AS b-1_x.y\n",
		"FROM --platform=$BUILDPLATFORM a AS b\n",
		"FROM a\nONBUILD RUN true\nONBUILD COPY --from=x /a /b\n",
		// ONBUILD triggers are checked when a child image builds.
		"FROM a\nONBUILD FRM x\n",
		"FROM a\nRUN --mount=from=x$,target=/x true\n",
		"FROM a\nARG X=y\nCOPY --from=$X /a /b\n",
		"FROM a\nRUN --network=none --security=insecure --device=x --mount=type=cache,target=/x true\n",
		"FROM a\nCOPY --link --parents --chmod=644 --exclude=*.md --from=x /a /b\n",
		"FROM a\nADD --checksum=sha256:x --unpack --keep-git-dir https://x /y\n",
		"FROM a\nRUN <<EOF\nFRM x\nEOF\nCOPY <<EOT /x\nFROM y AS\nEOT\n",
		"FROM a\nHEALTHCHECK NONE\nHEALTHCHECK --interval=5s --retries=3 CMD true\n",
		"# check=skip=all\nARG A\nFROM a\n",
		"# escape=`\nFROM a `\n  AS b\nRUN dir c:\\\n",
		"ARG A=1\n# comment\nARG B\nFROM a\nMAINTAINER me\nSTOPSIGNAL 9\nUSER 1\nVOLUME /x\nWORKDIR /\nEXPOSE 80\nLABEL a=b\nENV a=b\nSHELL [\"sh\"]\nCMD x\nENTRYPOINT x\n",
	} {
		if _, err := (Parser{}).Parse("Dockerfile", []byte(src)); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

func TestPlatformArgScopes(t *testing.T) {
	runBodyCases(t, []bodyCase{
		{
			name: "global scope sees platform ARGs without declaration",
			src:  "FROM --platform=$BUILDPLATFORM golang:$TARGETOS-$TARGETARCH\n",
			vals: map[string]any{
				"/stages/0/image": "golang:$TARGETOS-$TARGETARCH", "/stages/0/resolved": true,
				"/stages/0/platform": "$BUILDPLATFORM", "/args/0": nil,
			},
		},
		{
			name: "a stage sees a platform ARG only once declared",
			src: "FROM a\nCOPY --from=nginx:$TARGETARCH /a /b\n" +
				"ARG TARGETARCH\nCOPY --from=nginx:$TARGETARCH /a /b\n" +
				"FROM b\nCOPY --from=nginx:x$TARGETARCH /a /b\n",
			vals: map[string]any{
				"/copyFrom/0/image": "nginx:", "/copyFrom/0/resolved": false,
				"/copyFrom/1/image": "nginx:$TARGETARCH", "/copyFrom/1/resolved": true,
				"/copyFrom/2/image": "nginx:x", "/copyFrom/2/resolved": false,
			},
		},
		{
			name: "a global default replaces the platform value",
			src:  "ARG TARGETARCH=arm64\nFROM a:$TARGETARCH\nCOPY --from=b:$TARGETARCH /a /b\n",
			vals: map[string]any{
				"/stages/0/image": "a:arm64", "/copyFrom/0/image": "b:arm64",
				"/args/0/default": "arm64",
			},
		},
		{
			name: "a global declaration without value keeps it set",
			src:  "ARG TARGETARCH\nFROM a:$TARGETARCH\nARG TARGETARCH\nCOPY --from=b:$TARGETARCH /a /b\n",
			vals: map[string]any{
				"/stages/0/image": "a:$TARGETARCH", "/stages/0/resolved": true,
				"/copyFrom/0/image": "b:$TARGETARCH", "/copyFrom/0/resolved": true,
				"/args/0/name": "TARGETARCH", "/args/0/hasDefault": false,
			},
		},
		{
			name: "a stage ARG built from a platform ARG",
			src:  "FROM a\nARG TARGETOS\nARG IMG=tools:$TARGETOS\nCOPY --from=$IMG /a /b\n",
			vals: map[string]any{"/copyFrom/0/image": "tools:${TARGETOS}", "/copyFrom/0/resolved": true},
		},
		{
			name: "ARG defaults keep the placeholders",
			src:  "ARG A=$TARGETARCH B=${TARGETOS}x C=${TARGETPLATFORM#linux/}\nFROM a\n",
			vals: map[string]any{
				"/args/0/default": "${TARGETARCH}",
				"/args/1/default": "${TARGETOS}x",
				"/args/2/default": "${TARGETPLATFORM}",
			},
		},
		{
			name: "a stage chosen by platform is a stage",
			src: "FROM alpine AS base-amd64\nFROM alpine AS base-arm64\n" +
				"FROM base-${TARGETARCH} AS base\n" +
				"FROM ${TARGETARCH}\n" +
				"FROM BASE-${TARGETOS}-$TARGETARCH\n" +
				"FROM golang:${TARGETARCH}\n" +
				"FROM other-${TARGETARCH}\n" +
				"ARG TARGETARCH\nCOPY --from=build-$TARGETARCH /a /b\nCOPY --from=tools-$TARGETARCH /a /b\n" +
				"FROM scratch AS build-amd64\n",
			vals: map[string]any{
				"/stages/2/stage": true,
				"/stages/3/stage": true,
				"/stages/4/stage": false, // base-<os>-<arch>: no such stage
				"/stages/5/stage": false,
				"/stages/6/stage": false,
				// COPY --from names any stage of the file.
				"/copyFrom/0/stage": true,
				"/copyFrom/1/stage": false,
			},
		},
	})
}

func TestExpansionMatches(t *testing.T) {
	for _, tc := range []struct {
		glob []string
		name string
		want bool
	}{
		{[]string{"base-", ""}, "base-amd64", true},
		{[]string{"base-", ""}, "base-", true},
		{[]string{"base-", ""}, "Base-X", true},
		{[]string{"base-", ""}, "bas", false},
		{[]string{"", "-archive"}, "amd64-archive", true},
		{[]string{"", ""}, "anything", true},
		{[]string{"a-", "-", ""}, "a-linux-amd64", true},
		{[]string{"a-", "-", ""}, "a-linux", false},
		{[]string{"x", "x"}, "x", false},
		{[]string{"x", "x"}, "xx", true},
		{[]string{"a", "b", "b", "c"}, "abc", false},
		{[]string{"a", "b", "b", "c"}, "abbc", true},
	} {
		e := expansion{state: argSet, glob: tc.glob}
		if got := e.matches(tc.name); got != tc.want {
			t.Errorf("%q matches %q = %v, want %v", tc.glob, tc.name, got, tc.want)
		}
	}
	if (expansion{state: argKnown, glob: []string{"", ""}}).matches("a") {
		t.Errorf("a known value matches by glob")
	}
}

// TestParseOddInput feeds inputs that stress the replay of buildkit's line
// handling; each must give a document whose every range is consistent.
func TestParseOddInput(t *testing.T) {
	for _, src := range []string{
		"FROM a\rCOPY --from=x /a /b\r",
		"FROM a\r\r\nRUN x\n",
		"\\\nFROM a\n",
		"FROM a \\\n\\\n  AS b\n",
		"FROM a\\\\\nFROM b\n",
		"FROM a\nRUN x \\",
		"FROM a\nCOPY --from=dep /binary /\nRUN dir c:\\ ",
		"FROM \xff\xfe AS \xc3\nCOPY --from=\x00 /a /b\n",
		"FROM --platform=à nginx\n",
		"FROM a\u00a0b\n",
		"FROM\u2028a\n",
		"FROM a\nONBUILD COPY --from=nginx /a /b\n",
		"FROM a\nRUN --mount=from= --mount= --mount=,, --mount=\"\" true\n",
		"FROM a\nCOPY --from --from= -- --from=x /a /b\n",
		"#!/bin/sh\n# syntax=x\nFROM a\n",
		"// syntax=docker/dockerfile:1\nFROM a\n",
		"{\"syntax\": \"docker/dockerfile:1\"}\n",
		"FROM a\nHEALTHCHECK --interval=5s CMD true\nONBUILD\n",
		"# hello\n# check=skip=all\nARG A=1\nFROM a\n# check=error=true\nARG B\n",
	} {
		docs, err := Parser{}.Parse("Dockerfile", []byte(src))
		if err != nil {
			var pe *parser.Error
			if !errors.As(err, &pe) || !pe.Pos.IsValid() || strings.Contains(pe.Msg, "internal error") {
				t.Errorf("%q: %v", src, err)
			}
			continue
		}
		if err := checkIndex(docs[0]); err != nil {
			t.Errorf("%q: %v", src, err)
		}
		if err := checkTokens(docs[0]); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// TestParseConcurrent checks that one Parser serves goroutines at once, as
// the engine uses it (run with -race).
func TestParseConcurrent(t *testing.T) {
	want := mustParse(t, multiStage).Body
	var p Parser
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 20 {
				docs, err := p.Parse("Dockerfile", []byte(multiStage))
				if err == nil && !reflect.DeepEqual(docs[0].Body, want) {
					err = errors.New("body differs")
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// corpusFiles lists the corpus files named like Dockerfiles, leaving out
// buildkit's expected-AST dumps.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	var files []string
	for _, dir := range []string{"dockerfiles", "peers"} {
		err := filepath.WalkDir(filepath.Join(corpusDir, dir), func(p string, e os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := e.Name()
			dump := strings.Contains(name, "__buildkit__") && strings.HasSuffix(name, "__result")
			if e.Type().IsRegular() && strings.Contains(name, "ockerfile") && !dump {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if len(files) < 100 {
		t.Fatalf("found only %d corpus files", len(files))
	}
	negatives, parsed := 0, 0
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		negative := strings.Contains(p, "testfiles-negative")
		docs, perr := parse(p, src)
		if perr != nil {
			if !perr.Pos.IsValid() || perr.File != p || checkRange(src, parser.Range{Start: perr.Pos, End: perr.Pos}) != nil {
				t.Errorf("%s: error without a valid position: %+v", p, perr)
			}
			if negative {
				negatives++
			} else {
				t.Logf("%s: %v", p, perr)
			}
			continue
		}
		if negative {
			t.Errorf("%s: buildkit negative test file accepted", p)
		}
		parsed++
		if err := checkIndex(docs); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if err := checkTokens(docs); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		for i := range docs.Body["stages"].([]any) {
			if _, ok := docs.Index.Get([]any{"stages", i, "from"}); !ok {
				t.Errorf("%s: stage %d has no from position", p, i)
			}
		}
		for i := range docs.Body["copyFrom"].([]any) {
			if _, ok := docs.Index.Get([]any{"copyFrom", i, "from"}); !ok {
				t.Errorf("%s: copyFrom %d has no from position", p, i)
			}
		}
	}
	if negatives != 4 {
		t.Errorf("%d buildkit negative test files rejected, want 4", negatives)
	}
	t.Logf("%d files: %d parsed, %d rejected", len(files), parsed, len(files)-parsed)
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		multiStage,
		benchDockerfile,
		"# escape=`\nFROM a `\n  AS b\nCOPY --from=b C:\\a C:\\b\n",
		utf8BOM + "FROM alpine\r\nRUN <<EOF\r\nFROM x\r\nEOF\r\n",
		"ARG A=${B:-c}\nFROM $A AS x\nRUN --mount=type=bind,\"from=x\",target=/y true\n",
		"FROM {core dump image build}\n",
		"",
		"# only\n",
		// Hostile input: expansion bombs, a regexp-template replacement, NUL,
		// heredocs and continuations the instruction count must follow.
		bomb10x8,
		doubling40,
		"ARG A=" + strings.Repeat("a", 300) + "\nARG B=${A//?/'$0$0$0$0'}\nARG C=${B//?/$B}\nFROM x:$C\n",
		"ARG A=xxxxxxxx\nARG B=$A$A$A$A$A$A$A$A\nFROM b AS s\nARG C=${B}$B$B$B$B$B$B$B\nCOPY --from=$C$C$C$C /a /b\n",
		"# escape=`\nFROM a\x00 `\n# \x00\n  AS b\nRUN <<-E1 <<E2 `\n x\n\tE1\nE2\nONBUILD COPY <<E /x\nE\n",
		"FROM a\nRUN [\"<<EOF\"]\nRUN \\\n\n# c\n x <<'E O'\nE O\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// parse, not Parse: a panic must fail the fuzzer, not be recovered.
		doc, perr := parse("Dockerfile", src)
		if perr != nil {
			if perr.File != "Dockerfile" {
				t.Fatalf("error file %q", perr.File)
			}
			if err := checkRange(src, parser.Range{Start: perr.Pos, End: perr.Pos}); err != nil {
				t.Fatalf("error position: %v (%v)", err, perr)
			}
			return
		}
		if err := checkIndex(doc); err != nil {
			t.Fatal(err)
		}
		if err := checkTokens(doc); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"escape", "args", "stages", "copyFrom"} {
			if _, ok := doc.Body[k]; !ok {
				t.Fatalf("body lacks %q", k)
			}
		}
		if len(doc.Notices) > maxNotices+1 {
			t.Fatalf("notices = %v", doc.Notices)
		}
		// The instruction count that guards buildkit's parser agrees with it.
		s := newSource(src)
		if res, err := bkparser.Parse(bytes.NewReader(s.text)); err == nil {
			var want []int
			for _, n := range res.AST.Children {
				want = append(want, n.StartLine)
			}
			if got := s.instructionLines(len(want)); !reflect.DeepEqual(got, want) {
				t.Fatalf("instructionLines = %v, buildkit %v", got, want)
			}
		}
	})
}

const benchDockerfile = `# syntax=docker/dockerfile:1.7

ARG GO_VERSION=1.22
ARG ALPINE_VERSION=3.20
ARG XX_VERSION=1.4.0

FROM --platform=$BUILDPLATFORM tonistiigi/xx:${XX_VERSION} AS xx

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS base
COPY --from=xx / /
RUN apk add --no-cache git file \
    && git config --global advice.detachedHead false
ENV CGO_ENABLED=0
WORKDIR /src

FROM base AS deps
RUN --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=cache,target=/root/go/pkg/mod \
    go mod download

FROM deps AS build
ARG TARGETPLATFORM
ARG VERSION=dev
RUN --mount=type=bind,target=. \
    --mount=type=cache,target=/root/.cache \
    --mount=type=cache,target=/root/go/pkg/mod \
    --mount=from=xx,source=/usr/bin/xx-go,target=/usr/bin/xx-go <<EOT
  set -e
  xx-go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/app ./cmd/app
  xx-verify --static /out/app
EOT

FROM build AS test
RUN --mount=type=bind,target=. \
    --mount=type=cache,target=/root/.cache \
    go test ./...

FROM alpine:${ALPINE_VERSION} AS certs
RUN apk add --no-cache ca-certificates

FROM scratch AS release
COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --link --from=build /out/app /app
COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types
USER 65532:65532
ENTRYPOINT ["/app"]
`

func BenchmarkParse(b *testing.B) {
	src := []byte(benchDockerfile)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := (Parser{}).Parse("Dockerfile", src); err != nil {
			b.Fatal(err)
		}
	}
}

func TestInlineIgnores(t *testing.T) {
	src := "# ecslint global ignore=DF003\n" +
		"  # ecslint ignore=df001, DF004  mirrored\n" +
		"FROM nginx \\\n" +
		"  AS web\n" +
		"RUN <<EOF\n" +
		"# ecslint ignore=DF002\n" +
		"EOF\n" +
		"# ecslint ignore=DF005\n"
	docs, err := Parser{}.Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := docs[0].Suppressions
	if len(got) != 3 {
		t.Fatalf("suppressions = %+v, want 3 (the heredoc line is script, not a comment)", got)
	}
	if s := got[0]; !s.Global || s.Line != 1 || s.Rules[0] != "DF003" {
		t.Errorf("global = %+v", s)
	}
	if s := got[1]; s.Global || s.Line != 2 || s.Column != 3 || strings.Join(s.Rules, ",") != "DF001,DF004" ||
		s.Reason != "mirrored" || s.FromLine != 3 || s.ToLine != 4 {
		t.Errorf("next-instruction = %+v", s)
	}
	if s := got[2]; s.FromLine != 0 || s.ToLine != 0 {
		t.Errorf("trailing ignore covers %d-%d, want nothing", s.FromLine, s.ToLine)
	}
}

// TestUnknownInstructionSuggestionStable: buildkit picks among equally
// close instruction names in map order ("a" is as close to add as to arg);
// ecslint's message must be the same on every run.
func TestUnknownInstructionSuggestionStable(t *testing.T) {
	for range 200 {
		_, err := Parser{}.Parse("Dockerfile", []byte("a b\n"))
		if want := "Dockerfile:1:1: unknown instruction: a (did you mean add?)"; err == nil || err.Error() != want {
			t.Fatalf("Parse error %v, want %s", err, want)
		}
	}
}
