package jsonpos

import "strconv"

// The bounds on the numbers Value hands on. JSON puts no limit on a
// number's length or exponent, but whoever computes with one pays for it:
// OPA refuses 1e40000 when it builds its input ("number too big") and
// spends time quadratic in the length of a long literal checking it (137 s
// for 8 MB of digits). No task-definition or IAM field means anything
// beyond these bounds.
const (
	// MaxNumberLen is the longest number literal Value passes on as
	// written.
	MaxNumberLen = 100
	// MaxNumberExp is the largest decimal exponent, in scientific notation
	// (d.ddd×10^exp), of a number Value passes on as written; numbers
	// closer to zero than 1e-MaxNumberExp are passed on as 0.
	MaxNumberExp = 1000
	// numberDigits is how many significant digits a rounded number keeps,
	// enough to tell apart every float64.
	numberDigits = 17
)

// boundNumber returns the literal lit of a valid JSON number as Value passes
// it on: lit itself when it is at most MaxNumberLen bytes long and its
// exponent within ±MaxNumberExp, and otherwise a literal of at most 25
// bytes: lit rounded to 17 significant digits (half away from zero), 0
// when it is closer to zero than 1e-MaxNumberExp, and ±1e(MaxNumberExp+1)
// when it is larger in magnitude. Its cost is linear in len(lit).
func boundNumber(lit string) string {
	if len(lit) <= MaxNumberLen && !hasExponent(lit) {
		// At most 100 digits: magnitude below 1e100 and, unless zero, at
		// least 1e-99.
		return lit
	}
	i := 0
	neg := lit[0] == '-'
	if neg {
		i++
	}
	intStart := i
	for i < len(lit) && isDigit(lit[i]) {
		i++
	}
	intEnd := i
	fracStart, fracEnd := i, i
	if i < len(lit) && lit[i] == '.' {
		i++
		fracStart = i
		for i < len(lit) && isDigit(lit[i]) {
			i++
		}
		fracEnd = i
	}
	// The literal's own exponent, saturated: digits beyond 18 cannot change
	// whether it is in range, as a literal is far shorter than 1e18 bytes.
	const huge = int64(1e18)
	exp := int64(0)
	if i < len(lit) { // 'e' or 'E'
		i++
		expNeg := lit[i] == '-'
		if lit[i] == '+' || lit[i] == '-' {
			i++
		}
		for i < len(lit) && lit[i] == '0' {
			i++
		}
		if len(lit)-i > 18 {
			exp = huge
		} else if i < len(lit) {
			exp, _ = strconv.ParseInt(lit[i:], 10, 64)
		}
		if expNeg {
			exp = -exp
		}
	}
	// digit returns the k-th digit of the mantissa, integer part then
	// fraction, without the point.
	nInt := intEnd - intStart
	nDigits := nInt + fracEnd - fracStart
	digit := func(k int) byte {
		if k < nInt {
			return lit[intStart+k]
		}
		return lit[fracStart+k-nInt]
	}
	first := 0
	for first < nDigits && digit(first) == '0' {
		first++
	}
	if first == nDigits { // zero
		if len(lit) <= MaxNumberLen && exp >= -MaxNumberExp && exp <= MaxNumberExp {
			return lit
		}
		return "0"
	}
	// lit = d.ddd × 10^sci, d the first non-zero digit.
	sci := int64(nInt-1-first) + exp
	switch {
	case sci > MaxNumberExp:
		return saturated(neg)
	case sci < -MaxNumberExp:
		return "0"
	case len(lit) <= MaxNumberLen:
		return lit
	}
	// Round to numberDigits significant digits, half away from zero.
	var d [numberDigits]byte
	n := min(numberDigits, nDigits-first)
	for k := range n {
		d[k] = digit(first + k)
	}
	if first+n < nDigits && digit(first+n) >= '5' {
		k := n - 1
		for ; k >= 0 && d[k] == '9'; k-- {
			d[k] = '0'
		}
		if k >= 0 {
			d[k]++
		} else { // 99…9 became 100…0
			d[0] = '1'
			sci++
			if sci > MaxNumberExp {
				return saturated(neg)
			}
		}
	}
	for n > 1 && d[n-1] == '0' {
		n--
	}
	b := make([]byte, 0, 1+numberDigits+1+6)
	if neg {
		b = append(b, '-')
	}
	b = append(b, d[0])
	if n > 1 {
		b = append(b, '.')
		b = append(b, d[1:n]...)
	}
	if sci != 0 {
		b = append(b, 'e')
		b = strconv.AppendInt(b, sci, 10)
	}
	return string(b)
}

func hasExponent(lit string) bool {
	for i := 0; i < len(lit); i++ {
		if lit[i] == 'e' || lit[i] == 'E' {
			return true
		}
	}
	return false
}

// saturated is the number a literal too large in magnitude becomes.
func saturated(neg bool) string {
	s := "1e" + strconv.Itoa(MaxNumberExp+1)
	if neg {
		return "-" + s
	}
	return s
}
