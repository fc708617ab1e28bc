package transport

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// serverTime finds what the regular expression it replaced found.
func TestServerTimeFindsWhatItsPatternFound(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`signature expired.*server time:\s*([0-9]{8}T[0-9]{6}Z)`)
	inputs := []string{
		"calc aksk signature fail:signature expired, signature time:20211217T064303Z,server time:20211217T065804Z",
		"signature expired server time:20211217T065804Z server time:20211217T070000Z",
		"signature expired server time:20211217T065804Z server time:2021",
		"signature expired\nserver time:20211217T065804Z",
		"signature expired server time:\n 20211217T065804Z",
		"signature expired server time: 20211217T065804",
		"signature expired x\nsignature expired server time:20211217T065804Z",
		"server time:20211217T065804Z signature expired",
		"signature expiredserver time:20211217T065804Zsignature expired",
		"",
	}
	pieces := []string{"signature expired", "server time:", "20211217T065804Z", "20211217", "T", "065804", "Z",
		" ", "\n", "\t", "\v", ",", "1", "中", "\xff", "server time:20211217T06580"}
	r := rand.New(rand.NewPCG(11, 12))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	for _, in := range inputs {
		want, wantOK := "", false
		if m := re.FindStringSubmatch(in); m != nil {
			want, wantOK = m[1], true
		}
		got, ok := serverTime(in)
		require.Equal(t, wantOK, ok, "%q", in)
		require.Equal(t, want, got, "%q", in)
	}
}
