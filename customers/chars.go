package customers

// Character classes of the account names, numbers and addresses this
// package checks or scrubs. Small scanners instead of regular
// expressions: package regexp alone would use much of the SDK's binary
// size budget.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isNameChar: a letter, digit, _ or - ([a-zA-Z0-9_-]).
func isNameChar(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' || c == '-' }

// isWordChar is what \b looks at: an ASCII letter, digit or _.
func isWordChar(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

// allDigits reports whether s is one or more digits (^[0-9]+$).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// allNameChars reports whether every byte of s is a name character.
func allNameChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}
