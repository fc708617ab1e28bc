// Package fold matches text case-insensitively, exactly as a regular
// expression's (?i) flag does: two runes are equal when one is in the
// other's Unicode simple case folding orbit (k, K and the Kelvin sign
// U+212A; s, S and ſ). It lets the SDK redact without linking package regexp,
// which the binary size budget cannot afford. It imports only the
// standard library, so that core, auth and the domains may all use it.
package fold

import (
	"unicode"
	"unicode/utf8"
)

// Equal reports whether a and b are equal under simple case folding.
func Equal(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

// HasPrefix reports how many bytes at the start of s match lit, ignoring
// case, or -1 when s does not start with lit. The count can differ from
// len(lit): the Kelvin sign (3 bytes) matches "k". Invalid UTF-8 in s reads as
// U+FFFD, one byte at a time, as regexp reads it.
func HasPrefix(s, lit string) int {
	i := 0
	for _, l := range lit {
		if i >= len(s) {
			return -1
		}
		if c := s[i]; c < utf8.RuneSelf && l < utf8.RuneSelf {
			// Between two ASCII runes only a letter's other case folds.
			if c != byte(l) && (!isLetter(c) || lower(c) != lower(byte(l))) {
				return -1
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !Equal(l, r) {
			return -1
		}
		i += n
	}
	return i
}

// ReplaceAll replaces in s, from left to right, every occurrence of any of
// lits (ignoring case) with repl. Where several start at the same place,
// the first in lits wins, as in the regular expression
// (?i)lit0|lit1|…; callers list longer values first. lits must be valid
// UTF-8 and not empty.
func ReplaceAll(s string, lits []string, repl string) string {
	// The bytes an occurrence can start with, so that most of s is
	// skipped without trying every literal.
	var first [256]bool
	for _, lit := range lits {
		l, _ := utf8.DecodeRuneInString(lit)
		markFirst(&first, l)
		for r := unicode.SimpleFold(l); r != l; r = unicode.SimpleFold(r) {
			markFirst(&first, r)
		}
	}
	var out []byte
	last := 0
	for i := 0; i < len(s); {
		if first[s[i]] {
			if n := longestFirst(s[i:], lits); n > 0 {
				out = append(out, s[last:i]...)
				out = append(out, repl...)
				i += n
				last = i
				continue
			}
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
		}
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// longestFirst returns the length of the text that the first matching
// literal matches at the start of s, or 0.
func longestFirst(s string, lits []string) int {
	for _, lit := range lits {
		if n := HasPrefix(s, lit); n > 0 {
			return n
		}
	}
	return 0
}

func markFirst(first *[256]bool, r rune) {
	if r == utf8.RuneError {
		// Invalid bytes read as U+FFFD: any byte above ASCII may start one.
		for b := utf8.RuneSelf; b < len(first); b++ {
			first[b] = true
		}
	}
	var buf [utf8.UTFMax]byte
	utf8.EncodeRune(buf[:], r)
	first[buf[0]] = true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isLetter(c byte) bool { return 'a' <= lower(c) && lower(c) <= 'z' }
