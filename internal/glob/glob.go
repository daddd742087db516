// Package glob matches the simple globs of IAM actions and of ecslint's
// image ignore entries: * is any run of characters (none included), ? is
// one character, everything else, * and ? in the text included, is
// literal. Matching is by Unicode code point, case-sensitive, and takes
// linear time in the common case (one backtrack point, the last *).
package glob

// Match reports whether pattern p matches all of s.
func Match(p, s []rune) bool {
	i, j := 0, 0
	star, mark := -1, 0
	for j < len(s) {
		switch {
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case i < len(p) && (p[i] == '?' || p[i] == s[j]):
			i++
			j++
		case star >= 0:
			mark++
			i, j = star+1, mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}

// MatchString is Match for strings.
func MatchString(pattern, s string) bool {
	return Match([]rune(pattern), []rune(s))
}
