package auth

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hwpartner/go-hwpartner/internal/fold"
)

// Redactor is implemented by credentials that can remove their own
// secrets from a text, such as an error message built from a server's
// answer. The client applies it to every error it returns.
type Redactor interface {
	// Redact returns text with every secret of the credentials replaced.
	Redact(text string) string
}

var (
	_ Redactor = (*AKSK)(nil)
	_ Redactor = (*Token)(nil)
	_ Redactor = (*PasswordTokenSource)(nil)
)

// RedactSecrets replaces each of secrets in text, also percent-encoded,
// JSON-escaped and in any letter case, with [REDACTED]. Values shorter than
// four characters are skipped: replacing them would garble the text and
// they guard nothing.
func RedactSecrets(text string, secrets ...string) string {
	var forms []string
	for _, sec := range secrets {
		if len(sec) < 4 {
			continue
		}
		forms = append(forms, sec, url.QueryEscape(sec), url.PathEscape(sec))
		if j, err := json.Marshal(sec); err == nil {
			forms = append(forms, string(j[1:len(j)-1]))
		}
	}
	if len(forms) == 0 {
		return text
	}
	// Longest first, so that no shorter form replaces part of a longer one.
	slices.SortFunc(forms, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	forms = slices.Compact(forms)
	for _, f := range forms {
		if !utf8.ValidString(f) {
			// A secret that is not text cannot be told apart reliably:
			// keep nothing.
			return redacted
		}
	}
	return fold.ReplaceAll(text, forms, redacted)
}
