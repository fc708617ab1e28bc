package funds_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// Whatever the server's clock, within what the gateway accepts of a
// signature, or any with a token: a transfer carried out and then dropped
// is found, by a client that had seen no answer before it.
func TestResolveUnderClockSkew(t *testing.T) {
	t.Parallel()
	type tc struct {
		skew  time.Duration
		token bool
	}
	var cases []tc
	for _, m := range []int{-20, -14, -6, -1, 0, 1, 6, 14, 20} {
		cases = append(cases, tc{skew: time.Duration(m) * time.Minute})
	}
	for _, d := range []time.Duration{-2 * time.Hour, -30 * time.Minute, 30 * time.Minute, 2 * time.Hour} {
		cases = append(cases, tc{skew: d, token: true})
	}
	for _, c := range cases {
		mode := "aksk"
		if c.token {
			mode = "token"
		}
		t.Run(fmt.Sprintf("%s %v", mode, c.skew), func(t *testing.T) {
			t.Parallel()
			const token = "MIIskew-token"
			srv := hwpartnertest.NewServer(t, hwpartnertest.WithToken(token),
				hwpartnertest.WithClock(func() time.Time { return time.Now().Add(c.skew) }))
			require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: resellerID, Balance: hwpartnertest.MustParseAmount(t, "0.00")}))
			require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.MustParseAmount(t, "100.00")))
			creds := hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey())
			if c.token {
				creds = hwpartner.WithToken(token)
			}
			client, err := hwpartner.NewClient(creds, hwpartner.WithEndpoint(srv.URL), hwpartner.WithRetry(2, time.Millisecond, time.Millisecond))
			require.NoError(t, err)

			// Beyond the gateway's 15 minutes the first attempt is refused
			// (and takes a fault of the fake); the client corrects its clock.
			times := 1
			if !c.token && (c.skew > 15*time.Minute || c.skew < -15*time.Minute) {
				times = 2
			}
			srv.InjectFault(opTransfer, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: times})
			_, err = client.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: resellerID, Amount: amount(t, "10.00")})
			var unknown *funds.OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			require.Equal(t, "10.00", srv.Balance(resellerID).String(), "applied once")

			out, err := client.Funds.Resolve(t.Context(), &unknown.Lookup)
			require.NoError(t, err)
			assert.Equal(t, funds.Recorded, out.Resolution, "found within %v..%v", out.From, out.To)
		})
	}
}
