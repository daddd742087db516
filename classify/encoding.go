package classify

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding is a UTF-16 or UTF-32 encoding a file is written in.
// ecslint reads UTF-8 only; such a file that is a target is an error
// that says how to convert it (Message). Whether it is a target is for
// File to say of its decoded text (Decode).
type Encoding struct {
	name string // UTF-16LE, UTF-16BE, UTF-32LE or UTF-32BE
	bom  bool   // the text starts with a byte order mark
}

// encodingSniffLen is how much of a file DetectEncoding reads for the
// pattern of NUL bytes that UTF-16 and UTF-32 text without a byte order
// mark has.
const encodingSniffLen = 4096

// DetectEncoding returns the encoding of b when it is UTF-16 or UTF-32
// text: by its byte order mark (the UTF-32LE mark FF FE 00 00 starts
// with the UTF-16LE one, FF FE, so it is tested first), or without one by
// where the NUL bytes are. Text that is mostly ASCII has a NUL in every
// other byte in UTF-16 (the high byte of each code unit) and in three of
// every four in UTF-32; a NUL in a UTF-8 text (BuildKit accepts one in a
// Dockerfile comment) or a binary file does not follow that pattern.
func DetectEncoding(b []byte) *Encoding {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe, 0, 0}):
		return &Encoding{"UTF-32LE", true}
	case bytes.HasPrefix(b, []byte{0, 0, 0xfe, 0xff}):
		return &Encoding{"UTF-32BE", true}
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return &Encoding{"UTF-16LE", true}
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return &Encoding{"UTF-16BE", true}
	}
	head := b[:min(len(b), encodingSniffLen)]
	if len(b) < 4 || len(b)%2 != 0 || bytes.IndexByte(head, 0) < 0 {
		return nil // UTF-16 and UTF-32 text is whole code units
	}
	// zeros[k] counts the NUL bytes at offsets k mod 4, of total[k].
	var zeros, total [4]int
	for i, c := range head {
		total[i%4]++
		if c == 0 {
			zeros[i%4]++
		}
	}
	all := func(k int) bool { return zeros[k] == total[k] }
	most := func(k int) bool { return 2*zeros[k] >= total[k] } // at least half
	few := func(k int) bool { return 10*zeros[k] <= total[k] } // at most a tenth
	switch {
	// A code point has at most 21 bits: the top byte of a UTF-32 code
	// unit is always 0, the next one for all but the rare code points
	// above U+FFFF.
	case len(b)%4 == 0 && all(3) && most(2) && few(0):
		return &Encoding{"UTF-32LE", false}
	case len(b)%4 == 0 && all(0) && most(1) && few(3):
		return &Encoding{"UTF-32BE", false}
	case most(1) && most(3) && few(0) && few(2):
		return &Encoding{"UTF-16LE", false}
	case most(0) && most(2) && few(1) && few(3):
		return &Encoding{"UTF-16BE", false}
	}
	return nil
}

// Name returns the name of the encoding: UTF-16LE, UTF-16BE, UTF-32LE or
// UTF-32BE.
func (e *Encoding) Name() string { return e.name }

// Message is the error for a target in the encoding, standard input when
// stdin is true: where ecslint stands, and the iconv command that converts
// the file. iconv drops a byte order mark when told the encoding without
// the byte order (-f UTF-16), and needs the byte order without one.
func (e *Encoding) Message(stdin bool) string {
	what, from := "the file is "+e.name+" encoded", e.name
	if stdin {
		what = "standard input is " + e.name + " encoded"
	}
	if e.bom {
		what += " (with a byte order mark)"
		from = e.name[:len("UTF-16")]
	}
	return fmt.Sprintf("%s; ecslint reads UTF-8: convert it with iconv -f %s -t UTF-8", what, from)
}

// Decode returns b, in the encoding, as UTF-8 text without a byte order
// mark, to classify it. Invalid code units become U+FFFD.
func (e *Encoding) Decode(b []byte) []byte {
	var order binary.ByteOrder = binary.LittleEndian
	if e.name[len(e.name)-2:] == "BE" {
		order = binary.BigEndian
	}
	out := make([]byte, 0, len(b)/2)
	if e.name[:len("UTF-16")] == "UTF-16" {
		units := make([]uint16, 0, len(b)/2)
		for i := 0; i+2 <= len(b); i += 2 {
			units = append(units, order.Uint16(b[i:]))
		}
		for _, r := range utf16.Decode(units) {
			out = utf8.AppendRune(out, r)
		}
	} else {
		for i := 0; i+4 <= len(b); i += 4 {
			out = utf8.AppendRune(out, rune(order.Uint32(b[i:])))
		}
	}
	return bytes.TrimPrefix(out, []byte("\ufeff"))
}
