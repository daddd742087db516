package jsonpos

// ValueOver returns the offset of value number limit+1 in the JSON text
// src, or -1 when it holds no more than limit values. Each '{', '[',
// number, literal and string that no ':' follows (a key) is one value.
// It scans the text in one pass without decoding it, so a caller can refuse
// a file before decoding costs memory per value.
func ValueOver(src []byte, limit int) int {
	if len(src) <= 2*limit {
		return -1 // a value and its separator take two bytes at least
	}
	n := 0
	for i := 0; i < len(src); i++ {
		start := i
		switch c := src[i]; {
		case c == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
				j++
			}
			if j < len(src) && src[j] == ':' {
				continue // a key
			}
		case c == '{' || c == '[':
		case c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n':
			for i+1 < len(src) && !endsToken(src[i+1]) {
				i++
			}
		default:
			continue
		}
		if n++; n > limit {
			return start
		}
	}
	return -1
}

// endsToken reports whether c ends a number or literal.
func endsToken(c byte) bool {
	switch c {
	case ',', ']', '}', ':', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}
