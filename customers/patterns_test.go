package customers_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/customers"
)

// The regular expressions the scanners replaced: each scanner must accept
// exactly what its expression accepted, and replace exactly what it
// replaced.
var (
	chineseMobileRE  = regexp.MustCompile(`^1[0-9]{10}$`)
	identityMobileRE = regexp.MustCompile(`^00[0-9]{2}-[0-9]+$`)
	identityNameRE   = regexp.MustCompile(`^[a-zA-Z-][a-zA-Z0-9_-]{4,31}$`)
	domainNameRE     = regexp.MustCompile(`^[a-zA-Z_-][a-zA-Z0-9_-]*$`)
	allDigitsRE      = regexp.MustCompile(`^[0-9]+$`)
	messageMobileRE  = regexp.MustCompile(`\b(00[0-9]{2}-)?1[0-9]{10}\b`)
	messageEmailRE   = regexp.MustCompile(`[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+`)
)

// candidates returns fixed edge cases and random strings built from the
// characters the patterns care about, so that most of them come close to
// matching.
func candidates(fixed ...string) []string {
	pieces := []string{"0", "1", "8", "6", "00", "0086-", "1380000000", "-", "_", "a", "Z", "@", ".", " ", "\n",
		"é", "中", "\xff", "(", ",", ":", "'", "\"", "<", "x@y", "[", "op_", "\t", "\f", "\v", "\r"}
	r := rand.New(rand.NewPCG(7, 8))
	out := append([]string{}, fixed...)
	for range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	// Every length around the limits, in the name characters.
	for n := range 40 {
		out = append(out, strings.Repeat("a", n), "-"+strings.Repeat("9", n), "_"+strings.Repeat("Z", n), strings.Repeat("1", n))
	}
	return out
}

func TestScannersAcceptWhatTheirPatternsAccepted(t *testing.T) {
	t.Parallel()
	inputs := candidates("", "13800000000", "1380000000", "138000000000", "23800000000", "13800000000\n",
		"0086-13800000000", "0086-", "0086-1", "00861-3", "086-1", "0086-1a", "abcde", "abcd", "-abcd", "_abcd",
		"a234567890123456789012345678901", "a2345678901234567890123456789012", "a23456789012345678901234567890123", "a-b_c", "é")
	for _, in := range inputs {
		require.Equal(t, chineseMobileRE.MatchString(in), customers.IsChineseMobile(in), "chinese mobile %q", in)
		require.Equal(t, identityMobileRE.MatchString(in), customers.IsIdentityMobile(in), "identity mobile %q", in)
		require.Equal(t, identityNameRE.MatchString(in), customers.IsIdentityName(in), "identity name %q", in)
		require.Equal(t, domainNameRE.MatchString(in), customers.IsDomainName(in), "domain name %q", in)
		require.Equal(t, allDigitsRE.MatchString(in), customers.AllDigits(in), "all digits %q", in)
	}
}

func TestScrubbersReplaceWhatTheirPatternsReplaced(t *testing.T) {
	t.Parallel()
	inputs := candidates("call 13800000000 or 0086-13900000000.", "x13800000000", "138000000001", "0086-138000000001",
		"a0086-13800000000", "13800000000_", "13800000000é", "mail ops@example.com, or (me@x) a@b@c @x x@ @",
		"\"a@b\"", "a@b\nc@d", "[REDACTED]@x")
	for _, in := range inputs {
		require.Equal(t, messageMobileRE.ReplaceAllString(in, "[REDACTED]"), customers.ReplaceMobiles(in), "mobiles in %q", in)
		require.Equal(t, messageEmailRE.ReplaceAllString(in, "[REDACTED]"), customers.ReplaceEmails(in), "emails in %q", in)
	}
}
