package core_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/core"
)

// The scanners accept exactly what the regular expressions they replaced
// accepted.
func TestAmountScannersAcceptWhatTheirPatternsAccepted(t *testing.T) {
	t.Parallel()
	plainRE := regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
	jsonRE := regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	inputs := []string{"", "0", "00", "01", "-0", "+0", "-", "+", ".", "1.", ".1", "1.5", "1..5", "1.5.6", "-1.50",
		"+-1", "--1", "1e5", "1E+5", "1e-05", "1e", "1e+", "0e0", "0.0e0", "1.e5", " 1", "1 ", "1\n", "١", "1x"}
	pieces := []string{"0", "1", "9", "-", "+", ".", "e", "E", " ", "x", "\n", "٣"}
	r := rand.New(rand.NewPCG(9, 10))
	for range 10000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	for _, in := range inputs {
		require.Equal(t, plainRE.MatchString(in), core.IsPlainDecimal(in), "plain decimal %q", in)
		require.Equal(t, jsonRE.MatchString(in), core.IsJSONNumber(in), "JSON number %q", in)
	}
}
