package auth_test

import (
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
)

// redactByRegexp is RedactSecrets as it was written with package regexp,
// which the SDK no longer links; the new one must agree with it.
func redactByRegexp(text string, secrets ...string) string {
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
	slices.SortFunc(forms, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	forms = slices.Compact(forms)
	for i, f := range forms {
		forms[i] = regexp.QuoteMeta(f)
	}
	re, err := regexp.Compile("(?i)" + strings.Join(forms, "|"))
	if err != nil {
		return "[REDACTED]"
	}
	return re.ReplaceAllLiteralString(text, "[REDACTED]")
}

func TestRedactSecretsAgreesWithTheRegexpItReplaced(t *testing.T) {
	t.Parallel()
	// Characters that escaping changes, that fold unusually, and bytes
	// that are not UTF-8.
	pieces := []string{"a", "B", "k", "K", "\u212a", "s", "ſ", "/", "+", "%", " ", `"`, `\`, "<", "&", "é", "中", "\xff", "0", "="}
	r := rand.New(rand.NewPCG(5, 6))
	random := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	for range 1500 {
		secrets := []string{random(2 + r.IntN(5)), random(2 + r.IntN(5))}
		// The text echoes the secrets in their forms and other cases.
		var text strings.Builder
		for range 1 + r.IntN(4) {
			sec := secrets[r.IntN(len(secrets))]
			form := []string{sec, strings.ToUpper(sec), strings.ToLower(sec), url.QueryEscape(sec), url.PathEscape(sec)}[r.IntN(5)]
			text.WriteString(random(r.IntN(3)))
			text.WriteString(form)
		}
		got := auth.RedactSecrets(text.String(), secrets...)
		require.Equal(t, redactByRegexp(text.String(), secrets...), got, "secrets %q in %q", secrets, text.String())
	}
}
