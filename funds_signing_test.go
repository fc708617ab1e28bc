package hwpartner_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/resellers"
)

// tamper changes a request after the client signed it, as a proxy or an
// attacker on the path could.
type tamper struct {
	change func(r *http.Request)
	signed []string // the SignedHeaders the client sent
	base   http.RoundTripper
}

func (tp *tamper) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	_, rest, _ := strings.Cut(r.Header.Get("Authorization"), "SignedHeaders=")
	list, _, _ := strings.Cut(rest, ",")
	tp.signed = strings.Split(list, ";")
	if tp.change != nil {
		tp.change(r)
	}
	return tp.base.RoundTrip(r)
}

func setBody(r *http.Request, body string) {
	r.Body = io.NopCloser(strings.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = nil
}

func TestSignedRequestsAreAcceptedAndTamperedOnesRefused(t *testing.T) {
	t.Parallel()
	const reseller = "r1"
	balance := func(c *hwpartner.Client) error {
		_, err := c.Funds.Balance(t.Context(), reseller)
		return err
	}
	cases := map[string]struct {
		call   func(c *hwpartner.Client) error
		change func(r *http.Request)
		header string // a header that must have been signed
	}{
		"untouched": {call: balance},
		"untouched body": {call: func(c *hwpartner.Client) error {
			_, err := c.Resellers.List(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Limit: 5}})
			return err
		}},
		"body": {
			call: func(c *hwpartner.Client) error {
				_, err := c.Resellers.List(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Limit: 5}})
				return err
			},
			change: func(r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				setBody(r, string(bytes.Replace(b, []byte(`5`), []byte(`6`), 1)))
			},
		},
		"path": {
			call: func(c *hwpartner.Client) error {
				_, err := c.Funds.Records(t.Context(), nil)
				return err
			},
			change: func(r *http.Request) { r.URL.Path = "/v2/accounts/partner-accounts/balances" },
		},
		"query": {
			call:   balance,
			change: func(r *http.Request) { r.URL.RawQuery = "indirect_partner_id=r2" },
		},
		"signed header": {
			call:   balance,
			change: func(r *http.Request) { r.Header.Set("User-Agent", "someone-else/1.0") },
			header: "user-agent",
		},
		"date": {
			call: balance,
			change: func(r *http.Request) {
				d, err := time.Parse(auth.DateLayout, r.Header.Get(auth.HeaderDate))
				if err == nil {
					r.Header.Set(auth.HeaderDate, d.Add(time.Second).Format(auth.DateLayout))
				}
			},
			header: "x-sdk-date",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := hwpartnertest.NewServer(t)
			require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: reseller}))
			require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r2"}))
			base := &http.Transport{}
			t.Cleanup(base.CloseIdleConnections)
			tp := &tamper{change: tc.change, base: base}
			c, err := hwpartner.NewClient(
				hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
				hwpartner.WithDomainID(srv.DomainID()),
				hwpartner.WithEndpoint(srv.URL),
				hwpartner.WithTransport(tp),
			)
			require.NoError(t, err)

			err = tc.call(c)
			if tc.change == nil {
				require.NoError(t, err)
				assert.Contains(t, tp.signed, "x-domain-id")
				return
			}
			if tc.header != "" {
				require.Contains(t, tp.signed, tc.header)
			}
			assert.True(t, hwpartner.IsAuth(err), "%v", err)
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
			assert.Equal(t, "APIGW.0301", apiErr.Code)
			assert.NotContains(t, err.Error(), srv.SecretKey())
			assert.Equal(t, 1, srv.RequestCount(""), "authentication failures are not retried")
		})
	}
}

// A money call refused for its signature moved nothing and is not an
// unknown outcome: the gateway refused it before the service saw it.
func TestTamperedTransferMovesNothing(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1"}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.MustParseAmount(t, "100.00")))
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	tp := &tamper{base: base, change: func(r *http.Request) {
		setBody(r, `{"indirect_partner_id":"r1","amount":"99.00"}`)
	}}
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
		hwpartner.WithEndpoint(srv.URL), hwpartner.WithTransport(tp))
	require.NoError(t, err)
	_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: "r1", Amount: hwpartner.AmountFromYuan(1)})
	assert.True(t, hwpartner.IsAuth(err))
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "100.00"), srv.Balance(srv.DomainID()))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "0.00"), srv.Balance("r1"))
}
