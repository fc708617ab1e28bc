package core

import (
	"net/url"
	"strings"

	"github.com/hwpartner/go-hwpartner/internal/fold"
)

const redacted = "[REDACTED]"

// Credentials a server may echo, in whatever shape it echoes them: a
// gateway's canonical request ("x-security-token:…|"), a header dump
// ("X-Auth-Token: …", Go's map[X-Auth-Token:[…]]), JSON
// ("X-Security-Token":["…"]), form or query text (password=…), XML
// (<SignatureProvided>…</SignatureProvided>), an HTML table, a quoted or
// escaped copy of any of these, and percent-encoded text.
//
// The scanners below are written by hand: package regexp would take about
// a third of the binary size budget of a program using the SDK. Each keeps
// the exact behaviour of the regular expression quoted in its comment,
// which the tests compare it with; names of keys are matched ignoring
// case as (?i) does (ſ is an s, the Kelvin sign a k).

// RedactMessage removes credentials that a server echoed in text: the
// values of tokens, security tokens, passwords, secret keys and signatures,
// the whole Authorization value, and long opaque strings that can only be
// tokens or signatures. It works on any text, JSON or not.
func RedactMessage(s string) string { return redactDepth(s, 0) }

func redactDepth(s string, depth int) string {
	if s == "" {
		return s
	}
	if depth < 3 && strings.Contains(s, "%") {
		s = replaceEach(s, encodedAt, func(run string) string {
			dec, err := url.QueryUnescape(run)
			if err != nil {
				if dec, err = url.PathUnescape(run); err != nil {
					return run
				}
			}
			if red := redactDepth(dec, depth+1); red != dec {
				return red
			}
			return run
		})
	}
	s = replaceEach(s, authorizationAt, redactAll)
	s = replaceEach(s, secretValueAt, redactAll)
	s = replaceEach(s, secretElementAt, redactAll)
	return replaceEach(s, longRunAt, func(run string) string {
		if opaque(run) {
			return redacted
		}
		return run
	})
}

func redactAll(string) string { return redacted }

// replaceEach returns s with each match that next finds replaced, in
// part, by what repl returns. next(s, from) finds the first match at or
// after from and returns the part to replace, [start, end), which ends
// the match (the key before a value is kept); or start < 0.
func replaceEach(s string, next func(s string, from int) (start, end int), repl func(string) string) string {
	var b strings.Builder
	last := 0
	for {
		start, end := next(s, last)
		if start < 0 {
			break
		}
		b.WriteString(s[last:start])
		b.WriteString(repl(s[start:end]))
		last = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// authorizationAt finds the next Authorization (or Proxy-Authorization)
// value, redacted whole: past the first comma comes "Signature=<hex>",
// which with the date and body replays the request for 15 minutes.
// (?i)\b(?:proxy-)?authorization<separator>(<list>|<quoted>|[^\r\n|"'<>&]*)
func authorizationAt(s string, from int) (int, int) {
	for i := from; i < len(s); i++ {
		if c := s[i] | 0x20; (c != 'a' && c != 'p') || !boundary(s, i) {
			continue
		}
		n := fold.HasPrefix(s[i:], "proxy-authorization")
		if n < 0 {
			n = fold.HasPrefix(s[i:], "authorization")
		}
		if n < 0 {
			continue
		}
		if v, ok := separatorEnd(s, i+n); ok {
			if end, ok := quotedEnd(s, v, false); ok {
				return v, end
			}
			// Else the rest of the line, up to markup; maybe nothing.
			return v, v + span(s[v:], "\r\n|\"'<>&")
		}
	}
	return -1, -1
}

// secretValueAt finds the next value of a key named like a secret:
// (?i)<secretKey><separator>(<list>|<quoted>|[^\s,;|&"'<>{}\[\]]+)
func secretValueAt(s string, from int) (int, int) {
	for i := from; i < len(s); {
		if keyCharLen(s, i) == 0 {
			i++
			continue
		}
		start := i
		i = keyEnd(s, i)
		if !endsInSecretKey(s, start, i) {
			continue
		}
		v, ok := separatorEnd(s, i)
		if !ok {
			continue
		}
		if end, ok := quotedEnd(s, v, true); ok {
			return v, end
		}
		// Else a bare word.
		if n := span(s[v:], "\t\n\f\r ,;|&\"'<>{}[]"); n > 0 {
			return v, v + n
		}
	}
	return -1, -1
}

// secretElementAt finds the next text of an XML element named like a
// secret: <Token>…, <SignatureProvided>…, up to the next tag.
// (?i)<<secretKey>(?:\s[^<>]*)?>([^<]*)
func secretElementAt(s string, from int) (int, int) {
	for i := from; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return -1, -1
		}
		i += j + 1
		if i == len(s) || !isWordChar(s[i]) { // the name starts a word
			continue
		}
		k := keyEnd(s, i)
		if !isWordChar(s[k-1]) || !namesSecret(s[i:k]) { // \b at the end
			continue
		}
		if k < len(s) && isSpace(s[k]) { // attributes
			t := strings.IndexAny(s[k+1:], "<>")
			if t < 0 {
				continue
			}
			k += 1 + t
		}
		if k < len(s) && s[k] == '>' {
			return k + 1, k + 1 + span(s[k+1:], "<")
		}
	}
}

// longRunAt finds the next opaque run long enough to be a token or a
// signature: IAM tokens (MII…), security tokens, secret keys, 64-hex
// signatures. Ids are shorter (32 hex digits). [A-Za-z0-9+/=_%-]{40,}
func longRunAt(s string, from int) (int, int) {
	for i := from; i < len(s); {
		if !isRunChar(s[i]) {
			i++
			continue
		}
		start := i
		for i < len(s) && isRunChar(s[i]) {
			i++
		}
		if i-start >= 40 {
			return start, i
		}
	}
	return -1, -1
}

func isRunChar(c byte) bool {
	return isAlnum(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '%' || c == '-'
}

// encodedAt finds the next percent-encoded text, to be decoded and
// checked like the rest: a run of URL characters with an escape in it.
// [A-Za-z0-9._~+%!*()/-]*%[0-9A-Fa-f]{2}[A-Za-z0-9._~+%!*()/-]*
func encodedAt(s string, from int) (int, int) {
	for i := from; i < len(s); {
		if !isURLChar(s[i]) {
			i++
			continue
		}
		start, escaped := i, false
		for ; i < len(s) && isURLChar(s[i]); i++ {
			escaped = escaped || s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
		}
		if escaped {
			return start, i
		}
	}
	return -1, -1
}

func isURLChar(c byte) bool { return isAlnum(c) || strings.IndexByte("._~+%!*()/-", c) >= 0 }

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f' }

// A key naming a secret: anything with token, password, secret or
// signature in its name, and the bare SK.
// \b(?:[a-z0-9_.-]*(?:token|passw(?:or)?d|pwd|secret|signature|credentials?|api[-_]?key|private[-_]?key)[a-z0-9_.-]*|sk)\b

// keyCharLen returns the width of the key character at s[i], or 0: a
// letter, digit, _, . or -, or ſ or the Kelvin sign, which (?i) reads as
// s and k.
func keyCharLen(s string, i int) int {
	switch c := s[i]; {
	case isWordChar(c) || c == '.' || c == '-':
		return 1
	case strings.HasPrefix(s[i:], "ſ"):
		return len("ſ")
	case strings.HasPrefix(s[i:], "\u212a"): // the Kelvin sign
		return len("\u212a")
	}
	return 0
}

// keyEnd returns the end of the key characters from s[i].
func keyEnd(s string, i int) int {
	for i < len(s) {
		n := keyCharLen(s, i)
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// endsInSecretKey reports whether the key characters s[start:end] end in
// a key naming a secret that starts at a word boundary. (What follows a
// key is never a key character, so the key ends at end.)
func endsInSecretKey(s string, start, end int) bool {
	if !isWordChar(s[end-1]) { // \b at the end
		return false
	}
	// The first boundary gives the longest key.
	p := start
	for p < end && !boundary(s, p) {
		p++
	}
	if p < end && secretWordIn(s[p:end]) {
		return true
	}
	// Or a later one gives sk alone.
	for ; p < end; p++ {
		if boundary(s, p) && isSK(s[p:end]) {
			return true
		}
	}
	return false
}

// namesSecret reports whether key names a secret.
func namesSecret(key string) bool { return secretWordIn(key) || isSK(key) }

func isSK(key string) bool { return fold.HasPrefix(key, "sk") == len(key) }

// secretWordIn reports whether key holds a word that names a secret.
func secretWordIn(key string) bool {
	for i := 0; i < len(key); i++ {
		var words []string
		switch c := key[i]; {
		case c|0x20 == 't':
			words = []string{"token"}
		case c|0x20 == 'p':
			words = []string{"passwd", "password", "pwd", "privatekey", "private-key", "private_key"}
		case c|0x20 == 's' || c == 0xC5: // 0xC5 starts ſ
			words = []string{"secret", "signature"}
		case c|0x20 == 'c':
			words = []string{"credential"}
		case c|0x20 == 'a':
			words = []string{"apikey", "api-key", "api_key"}
		}
		for _, w := range words {
			if fold.HasPrefix(key[i:], w) > 0 {
				return true
			}
		}
	}
	return false
}

// separatorEnd returns where the value starts after a key that ends at
// s[i]: = or :, or HTML tags (<th>X-Auth-Token</th><td>…), after an
// optional quote, with white space around.
// <quote>?\s*(?:[:=]|(?:<[^<>]*>\s*)+)\s*
func separatorEnd(s string, i int) (int, bool) {
	i = skipSpace(s, quoteEnd(s, i))
	switch {
	case i < len(s) && (s[i] == ':' || s[i] == '='):
		i++
	case i < len(s) && s[i] == '<':
		tags := 0
		for ; i < len(s) && s[i] == '<'; tags++ {
			j := strings.IndexAny(s[i+1:], "<>")
			if j < 0 || s[i+1+j] == '<' {
				break // not a tag: the tags end before it
			}
			i = skipSpace(s, i+j+2)
		}
		if tags == 0 {
			return 0, false
		}
	default:
		return 0, false
	}
	return skipSpace(s, i), true
}

// quoteEnd returns the end of the quote at s[i], or i: a quote, also
// JSON-escaped (\", \\\") or as an HTML entity.
// (?:\\*"|'|&quot;|&#34;|&#39;)
func quoteEnd(s string, i int) int {
	j := i
	for j < len(s) && s[j] == '\\' {
		j++
	}
	if j < len(s) && s[j] == '"' {
		return j + 1
	}
	if i < len(s) && s[i] == '\'' {
		return i + 1
	}
	for _, q := range [...]string{"&quot;", "&#34;", "&#39;"} {
		if n := fold.HasPrefix(s[i:], q); n > 0 {
			return i + n
		}
	}
	return i
}

// quotedEnd returns the end of a value at s[v] that is a list or a quoted
// string, possibly cut off at the end of the text; numericEntities adds
// strings quoted with &#34; and &#39; to those in &quot;.
// \[[^\]]*(?:\]|$) | <escapedQuoted> | <quoted> | &quot;.*?(?:&quot;|$) | '[^']*(?:'|$)
func quotedEnd(s string, v int, numericEntities bool) (int, bool) {
	if v == len(s) {
		return 0, false
	}
	switch s[v] {
	case '[':
		return closedBy(s, v+1, ']'), true
	case '\'':
		return closedBy(s, v+1, '\''), true
	case '\\':
		return escapedQuotedEnd(s, v)
	case '"':
		return doubleQuotedEnd(s, v)
	case '&':
		entities := [...]string{"&quot;", "&#34;", "&#39;"}
		n := 1
		if numericEntities {
			n = len(entities)
		}
		for _, q := range entities[:n] {
			if open := fold.HasPrefix(s[v:], q); open > 0 {
				return entityQuotedEnd(s, v+open, q)
			}
		}
	}
	return 0, false
}

// closedBy returns the end of text from s[i] closed by c, or cut off at
// the end of the text.
func closedBy(s string, i int, c byte) int {
	if j := strings.IndexByte(s[i:], c); j >= 0 {
		return i + j + 1
	}
	return len(s)
}

// escapedQuotedEnd returns the end of a string in escaped quotes at s[v]
// (\"…\", \\\"…\\\" in JSON inside JSON), or cut off at the end of the
// text. Inside, a backslash escapes any character but a quote; it closes
// at a backslash and a quote, or at a quote after an escaped backslash.
// \\+"(?:[^"\\]|\\[^"])*(?:\\+"|$)
func escapedQuotedEnd(s string, v int) (int, bool) {
	i := v
	for i < len(s) && s[i] == '\\' {
		i++
	}
	if i == len(s) || s[i] != '"' {
		return 0, false
	}
	i++
	for i < len(s) {
		switch s[i] {
		case '"':
			// The regular expression reads the escaped backslash before
			// it as the closing one; a quote alone does not close.
			if s[i-1] == '\\' {
				return i + 1, true
			}
			return 0, false
		case '\\':
			if i+1 == len(s) {
				return 0, false
			}
			if s[i+1] == '"' {
				return i + 2, true
			}
			i += 2
		default:
			i++
		}
	}
	return len(s), true
}

// doubleQuotedEnd returns the end of a "quoted" string at s[v], or cut
// off at the end of the text; a backslash escapes the next character but
// a line end. "(?:[^"\\]|\\.)*(?:"|$)
func doubleQuotedEnd(s string, v int) (int, bool) {
	for i := v + 1; i < len(s); i++ {
		switch s[i] {
		case '"':
			return i + 1, true
		case '\\':
			if i+1 == len(s) || s[i+1] == '\n' {
				return 0, false
			}
			i++
		}
	}
	return len(s), true
}

// entityQuotedEnd returns the end of a string quoted with the entity q
// whose text starts at s[i]: at the next q, or at the end of the text if
// no line ends first. .*?(?:q|$)
func entityQuotedEnd(s string, i int, q string) (int, bool) {
	for {
		j := strings.IndexAny(s[i:], "&\n")
		if j < 0 {
			return len(s), true
		}
		if i += j; s[i] == '\n' {
			return 0, false
		}
		if n := fold.HasPrefix(s[i:], q); n > 0 {
			return i + n, true
		}
		i++
	}
}

// span returns how many bytes s starts with that are not in stop.
func span(s, stop string) int {
	if i := strings.IndexAny(s, stop); i >= 0 {
		return i
	}
	return len(s)
}

// skipSpace returns the index of the first byte from s[i] that is not
// white space (\s: tab, line feed, form feed, carriage return, space).
func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isAlnum(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z' }

// isWordChar is what \b looks at: an ASCII letter, digit or _.
func isWordChar(c byte) bool { return isAlnum(c) || c == '_' }

// boundary reports whether \b holds before s[i].
func boundary(s string, i int) bool {
	before := i > 0 && isWordChar(s[i-1])
	after := i < len(s) && isWordChar(s[i])
	return before != after
}

// opaque tells a token or signature (hex, or base64 with mixed case and
// digits) from a long path or word.
func opaque(run string) bool {
	var upper, lower, digit, nonHex bool
	for i := 0; i < len(run); i++ {
		c := run[i]
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
			nonHex = nonHex || c > 'F'
		case 'a' <= c && c <= 'z':
			lower = true
			nonHex = nonHex || c > 'f'
		case '0' <= c && c <= '9':
			digit = true
		default:
			nonHex = true
		}
	}
	return !nonHex || upper && lower && (digit || len(run) >= 64)
}

// Redactor is implemented by a Requester that knows secrets of its own
// (the SDK's client knows its credentials) and removes them from text.
type Redactor interface {
	// Redact returns text without echoed credentials or the requester's
	// own secrets.
	Redact(text string) string
}

// RedactFor cleans text that came from a server, such as a per-item error
// message of a 200 answer: with r's Redact when r has one, else with
// RedactMessage.
func RedactFor(r Requester, text string) string {
	if rd, ok := r.(Redactor); ok {
		return rd.Redact(text)
	}
	return RedactMessage(text)
}
