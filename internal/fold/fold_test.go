package fold_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/internal/fold"
)

// byRegexp is what fold.ReplaceAll replaces: the same alternation of
// quoted literals under (?i).
func byRegexp(s string, lits []string, repl string) string {
	quoted := make([]string, len(lits))
	for i, l := range lits {
		quoted[i] = regexp.QuoteMeta(l)
	}
	return regexp.MustCompile("(?i)"+strings.Join(quoted, "|")).ReplaceAllLiteralString(s, repl)
}

// Runes whose case folding is not a plain ASCII pair, bytes that are not
// UTF-8, and ASCII letters and punctuation.
var alphabet = []string{
	"a", "A", "k", "K", "\u212a", "s", "S", "ſ", "σ", "ς", "Σ", "ß", "ẞ", "i", "I", "İ", "ı",
	"é", "É", "0", "-", "_", ".", "%", " ", "\xff", "\xe2\x84", "\ufffd", "中", "\\", "\"",
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range r.IntN(n + 1) {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func TestReplaceAllMatchesRegexp(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		lits []string
	}{
		{"Secret SECRET secret ſecret", []string{"secret"}},
		{"token TOKEN to\u212Aen", []string{"TOKEN"}},
		{"e12345678 E12345678", []string{"E12345678"}},
		{"abcabc", []string{"abc", "bca"}},
		{"sa ſa s", []string{"ſ", "sa"}}, // the first listed wins where both start
		{"sa ſa s", []string{"sa", "ſ"}},
		{"ΣΑΣ σας", []string{"σας"}},
		{"bad \xff byte \ufffd", []string{"\ufffd"}},
		{"straße STRASSE", []string{"ß"}},
		{"İstanbul istanbul", []string{"istanbul"}},
		{"", []string{"x"}},
		{"no match here", []string{"secret"}},
	}
	for _, c := range cases {
		assert.Equal(t, byRegexp(c.text, c.lits, "[R]"), fold.ReplaceAll(c.text, c.lits, "[R]"), "%q in %q", c.lits, c.text)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var lits []string
		for range 1 + r.IntN(3) {
			if l := randomText(r, 3); l != "" && utf8.ValidString(l) {
				lits = append(lits, l)
			}
		}
		if len(lits) == 0 {
			continue
		}
		text := randomText(r, 12)
		require.Equal(t, byRegexp(text, lits, "#"), fold.ReplaceAll(text, lits, "#"), "%q in %q", lits, text)
	}
}

func TestHasPrefixMatchesRegexp(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		lit := randomText(r, 3)
		if !utf8.ValidString(lit) {
			continue
		}
		text := randomText(r, 5)
		want := -1
		if loc := regexp.MustCompile(`^(?i)` + regexp.QuoteMeta(lit)).FindStringIndex(text); loc != nil {
			want = loc[1]
		}
		require.Equal(t, want, fold.HasPrefix(text, lit), "%q at the start of %q", lit, text)
	}
}

func FuzzReplaceAll(f *testing.F) {
	f.Add("Secret ſecret to\u212Aen", "secret", "token")
	f.Add("sa ſa", "ſ", "sa")
	f.Fuzz(func(t *testing.T, text, a, b string) {
		var lits []string
		for _, l := range []string{a, b} {
			if l != "" && utf8.ValidString(l) {
				lits = append(lits, l)
			}
		}
		if len(lits) == 0 {
			return
		}
		if got, want := fold.ReplaceAll(text, lits, "#"), byRegexp(text, lits, "#"); got != want {
			t.Fatalf("%q in %q: got %q, regexp %q", lits, text, got, want)
		}
	})
}
