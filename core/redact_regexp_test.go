package core_test

import (
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hwpartner/go-hwpartner/core"
)

// The regular expressions RedactMessage was first written with. The SDK no
// longer links package regexp (it would use much of the binary size
// budget); the scanners that replaced them must redact exactly as they did.
var (
	quoteRE     = `(?:\\*"|'|&quot;|&#34;|&#39;)`
	secretKeyRE = `\b(?:[a-z0-9_.-]*(?:token|passw(?:or)?d|pwd|secret|signature|credentials?|api[-_]?key|private[-_]?key)[a-z0-9_.-]*|sk)\b`
	separatorRE = quoteRE + `?\s*(?:[:=]|(?:<[^<>]*>\s*)+)\s*`
	valueRE     = `(?:\[[^\]]*(?:\]|$)` +
		`|\\+"(?:[^"\\]|\\[^"])*(?:\\+"|$)` +
		`|"(?:[^"\\]|\\.)*(?:"|$)` +
		`|&quot;.*?(?:&quot;|$)|&#34;.*?(?:&#34;|$)|&#39;.*?(?:&#39;|$)` +
		`|'[^']*(?:'|$)` +
		`|[^\s,;|&"'<>{}\[\]]+)`

	authorizationRE = regexp.MustCompile(`(?i)(\b(?:proxy-)?authorization` + separatorRE + `)` +
		`(\[[^\]]*(?:\]|$)|\\+"(?:[^"\\]|\\[^"])*(?:\\+"|$)|"(?:[^"\\]|\\.)*(?:"|$)|&quot;.*?(?:&quot;|$)|'[^']*(?:'|$)|[^\r\n|"'<>&]*)`)
	namesSecretRE   = regexp.MustCompile(`(?i)token|passw|pwd|secret|signature|credential|api[-_]?key|private[-_]?key|authorization|\bsk\b`)
	secretValueRE   = regexp.MustCompile(`(?i)(` + secretKeyRE + separatorRE + `)(` + valueRE + `)`)
	secretElementRE = regexp.MustCompile(`(?i)(<` + secretKeyRE + `(?:\s[^<>]*)?>)([^<]*)`)
	longRunRE       = regexp.MustCompile(`[A-Za-z0-9+/=_%-]{40,}`)
	encodedRE       = regexp.MustCompile(`[A-Za-z0-9._~+%!*()/-]*%[0-9A-Fa-f]{2}[A-Za-z0-9._~+%!*()/-]*`)
)

func redactByRegexp(s string, depth int) string {
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
			if red := redactByRegexp(dec, depth+1); red != dec {
				return red
			}
			return run
		})
	}
	if namesSecretRE.MatchString(s) {
		s = authorizationRE.ReplaceAllString(s, "${1}[REDACTED]")
		s = secretValueRE.ReplaceAllString(s, "${1}[REDACTED]")
		s = secretElementRE.ReplaceAllString(s, "${1}[REDACTED]")
	}
	return longRunRE.ReplaceAllStringFunc(s, func(run string) string {
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
		if !nonHex || upper && lower && (digit || len(run) >= 64) {
			return "[REDACTED]"
		}
		return run
	})
}

// Pieces of text near every decision the patterns make: key names in any
// case (ſ and the Kelvin sign fold to s and k), separators, quotes of
// every kind, markup, escapes, long runs, and bytes that are not UTF-8.
var redactPieces = []string{
	"token", "TOKEN", "to\u212Aen", "secret", "ſecret", "SECRET", "passwd", "password", "passw", "pwd", "signature",
	"credentials", "api-key", "api_key", "apikey", "private-key", "privatekey", "sk", "SK", "ſk", "s\u212A", "k",
	"authorization", "Authorization", "proxy-", "Proxy-", "x-auth-", "x", "a", "Z", "1", "_", ".", "-",
	":", "=", " ", "\t", "\n", "\r", "\f", "\v", "<th>", "</th>", "<td>", "<", ">", "<b ", "<Token>", "</Token>",
	"<sk>", "<a.sk>", "<SignatureProvided a=\"1\">", "\"", `\"`, `\\\"`, `\`, `\\`, "'", "&quot;", "&QUOT;",
	"&#34;", "&#39;", "&amp;", "&", "[", "]", "{", "}", ",", ";", "|", "abc", "v4lue",
	"MIIEvQYJKoZIhvcNAQcCoIIErjCCBKoCAQExDTAL", sigHex, "0123456789abcdef0123456789abcdef",
	"%3A", "%20", "%2", "%zz", "%25", "%22", "%3D", "%3d", "%0A", "+", "/", "~", "!", "*", "(", ")",
	"é", "中", "\xff", "\xc5", "\xe2\x84",
}

func randomRedactInput(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(16) {
		b.WriteString(redactPieces[r.IntN(len(redactPieces))])
	}
	return b.String()
}

func TestRedactMessageAgreesWithTheRegexpsItReplaced(t *testing.T) {
	t.Parallel()
	var inputs []string
	for _, msg := range echoes {
		inputs = append(inputs, msg, strings.ToUpper(msg), msg[:len(msg)/2], msg+"\n"+msg)
	}
	n := 1500
	if testing.Short() {
		n = 1000
	}
	r := rand.New(rand.NewPCG(13, 14))
	for range n {
		inputs = append(inputs, randomRedactInput(r))
	}
	for _, in := range inputs {
		if got, want := core.RedactMessage(in), redactByRegexp(in, 0); got != want {
			t.Fatalf("RedactMessage(%q)\n = %q\nregexp: %q", in, got, want)
		}
	}
}

func FuzzRedactMessage(f *testing.F) {
	for _, msg := range echoes {
		f.Add(msg)
	}
	r := rand.New(rand.NewPCG(15, 16))
	for range 50 {
		f.Add(randomRedactInput(r))
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := core.RedactMessage(in), redactByRegexp(in, 0); got != want {
			t.Fatalf("RedactMessage(%q)\n = %q\nregexp: %q", in, got, want)
		}
	})
}
