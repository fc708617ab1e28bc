package core

import (
	"net/url"
	"regexp"
	"strings"
)

const redacted = "[REDACTED]"

// Credentials a server may echo, in whatever shape it echoes them: a
// gateway's canonical request ("x-security-token:…|"), a header dump
// ("X-Auth-Token: …", Go's map[X-Auth-Token:[…]]), JSON
// ("X-Security-Token":["…"]), form or query text (password=…), XML
// (<SignatureProvided>…</SignatureProvided>), an HTML table, a quoted or
// escaped copy of any of these, and percent-encoded text.
var (
	// A quote, also JSON-escaped (\") or as an HTML entity.
	quote = `(?:\\*"|'|&quot;|&#34;|&#39;)`
	// A key naming a secret: anything with token, password, secret or
	// signature in its name, and the bare SK.
	secretKey = `\b(?:[a-z0-9_.-]*(?:token|passw(?:or)?d|pwd|secret|signature|credentials?|api[-_]?key|private[-_]?key)[a-z0-9_.-]*|sk)\b`
	// What separates a key from its value: = or :, or HTML tags
	// (<th>X-Auth-Token</th><td>…).
	separator = quote + `?\s*(?:[:=]|(?:<[^<>]*>\s*)+)\s*`
	// A value: a list, a quoted string (possibly cut off), or a bare word.
	value = `(?:\[[^\]]*(?:\]|$)` +
		`|\\+"(?:[^"\\]|\\[^"])*(?:\\+"|$)` +
		`|"(?:[^"\\]|\\.)*(?:"|$)` +
		`|&quot;.*?(?:&quot;|$)|&#34;.*?(?:&#34;|$)|&#39;.*?(?:&#39;|$)` +
		`|'[^']*(?:'|$)` +
		`|[^\s,;|&"'<>{}\[\]]+)`

	// Authorization is redacted whole, to the end of its line: past the
	// first comma comes "Signature=<hex>", which with the date and body
	// replays the request for 15 minutes.
	authorizationRE = regexp.MustCompile(`(?i)(\b(?:proxy-)?authorization` + separator + `)` +
		`(\[[^\]]*(?:\]|$)|\\+"(?:[^"\\]|\\[^"])*(?:\\+"|$)|"(?:[^"\\]|\\.)*(?:"|$)|&quot;.*?(?:&quot;|$)|'[^']*(?:'|$)|[^\r\n|"'<>&]*)`)
	namesSecretRE = regexp.MustCompile(`(?i)token|passw|pwd|secret|signature|credential|api[-_]?key|private[-_]?key|authorization|\bsk\b`)
	secretValueRE = regexp.MustCompile(`(?i)(` + secretKey + separator + `)(` + value + `)`)
	// <Token>…</Token>, <SignatureProvided>…</SignatureProvided>.
	secretElementRE = regexp.MustCompile(`(?i)(<` + secretKey + `(?:\s[^<>]*)?>)([^<]*)`)
	// Opaque runs long enough to be a token or a signature: IAM tokens
	// (MII…), security tokens, secret keys, 64-hex signatures. Ids are
	// shorter (32 hex digits).
	longRunRE = regexp.MustCompile(`[A-Za-z0-9+/=_%-]{40,}`)
	// Percent-encoded text, decoded and checked like the rest.
	encodedRE = regexp.MustCompile(`[A-Za-z0-9._~+%!*()/-]*%[0-9A-Fa-f]{2}[A-Za-z0-9._~+%!*()/-]*`)
)

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
		s = encodedRE.ReplaceAllStringFunc(s, func(run string) string {
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
	if namesSecretRE.MatchString(s) { // the full patterns are slow to scan
		s = authorizationRE.ReplaceAllString(s, "${1}"+redacted)
		s = secretValueRE.ReplaceAllString(s, "${1}"+redacted)
		s = secretElementRE.ReplaceAllString(s, "${1}"+redacted)
	}
	return longRunRE.ReplaceAllStringFunc(s, func(run string) string {
		if opaque(run) {
			return redacted
		}
		return run
	})
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
