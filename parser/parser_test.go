package parser

import (
	"encoding/json"
	"testing"
)

func TestKey(t *testing.T) {
	tests := []struct {
		path []any
		want string
	}{
		{nil, ""},
		{[]any{"taskDefinition", "containerDefinitions", 0, "image"}, "/taskDefinition/containerDefinitions/0/image"},
		{[]any{"a/b", "c~d", int64(3), 2.0, json.Number("7")}, "/a~1b/c~0d/3/2/7"},
		{[]any{""}, "/"},
	}
	for _, tt := range tests {
		if got := Key(tt.path); got != tt.want {
			t.Errorf("Key(%v) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestIndexLookupFallsBackToAncestor(t *testing.T) {
	ix := NewIndex()
	parent := Range{Start: Position{Line: 2, Column: 3, Offset: 10}, End: Position{Line: 4, Column: 4, Offset: 40}}
	ix.Set([]any{"taskDefinition", "containerDefinitions", 0}, parent)
	got, ok := ix.Lookup([]any{"taskDefinition", "containerDefinitions", 0, "repositoryCredentials"})
	if !ok || got != parent {
		t.Fatalf("Lookup = %v, %v; want the container's range", got, ok)
	}
	if _, ok := ix.Get([]any{"taskDefinition", "containerDefinitions", 0, "repositoryCredentials"}); ok {
		t.Fatal("Get must not fall back")
	}
	if _, ok := NewIndex().Lookup([]any{"x"}); ok {
		t.Fatal("Lookup in an empty index found something")
	}
}

func TestLinesPos(t *testing.T) {
	src := []byte("\ufeff{\"a\": \"é\",\r\n\"b\": 1\r\"c\"\n")
	l := NewLines(src)
	tests := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1},  // the BOM itself
		{3, 1, 1},  // '{' after the BOM: column 1, as editors show it
		{10, 1, 8}, // 'é' is one column
		{12, 1, 9}, // '"' after the two-byte 'é'
		{16, 2, 1}, // after CRLF
		{23, 3, 1}, // after a lone CR
		{len(src), 4, 1},
	}
	for _, tt := range tests {
		p := l.Pos(tt.off)
		if p.Line != tt.line || p.Column != tt.col || p.Offset != tt.off {
			t.Errorf("Pos(%d) = %d:%d@%d, want %d:%d", tt.off, p.Line, p.Column, p.Offset, tt.line, tt.col)
		}
	}
	if got := l.LineEnd(1); string(src[l.LineStart(1):got]) != "\ufeff{\"a\": \"é\"," {
		t.Errorf("LineEnd(1) cut %q", src[l.LineStart(1):got])
	}
}

func TestErrorFormat(t *testing.T) {
	e := Errorf("a/b.json", Position{Line: 3, Column: 9}, "invalid %s", "character")
	if got := e.Error(); got != "a/b.json:3:9: invalid character" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{File: "x", Msg: "unreadable"}).Error(); got != "x: unreadable" {
		t.Errorf("Error() without position = %q", got)
	}
}
