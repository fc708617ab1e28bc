package hwpartner_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
)

const (
	testAK     = "AKTESTCLIENT0001"
	testSK     = "sk-test-client-secret-0001"
	testDomain = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	testURL    = "https://bss.example.test"
)

// Two operations shaped like the real ones: a query and a money mover.
var (
	opQuery = &hwpartner.Operation{Service: "funds", Name: "ListPartnerBalances", Method: http.MethodGet,
		Path: "/v2/accounts/partner-accounts/balances"}
	opMoney = &hwpartner.Operation{Service: "funds", Name: "UpdateIndirectPartnerAccount", Method: http.MethodPost,
		Path: "/v2/accounts/partner-accounts/indirect-partner-adjust", MovesMoney: true,
		Check: "list the adjust records for the reseller"}
)

type transferParams struct {
	ResellerID string           `json:"indirect_partner_id"`
	Amount     hwpartner.Amount `json:"amount"`
}

type transferResult struct {
	TransferID string `json:"transfer_id"`
}

type balanceParams struct {
	ResellerID string `url:"indirect_partner_id,omitempty"`
}

func transfer() *transferParams {
	return &transferParams{ResellerID: "r1", Amount: hwpartner.AmountFromCents(1000)}
}

// newMockClient returns a client over an httpmock transport with fast retries.
func newMockClient(t *testing.T, opts ...hwpartner.Option) (*hwpartner.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	base := []hwpartner.Option{
		hwpartner.WithAKSK(testAK, testSK),
		hwpartner.WithDomainID(testDomain),
		hwpartner.WithEndpoint(testURL),
		hwpartner.WithTransport(mt),
		hwpartner.WithRetry(3, time.Millisecond, 5*time.Millisecond),
		hwpartner.WithoutRateLimits(),
	}
	c, err := hwpartner.NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c, mt
}

// sequence answers with each responder in turn, then repeats the last.
func sequence(rs ...httpmock.Responder) httpmock.Responder {
	var mu sync.Mutex
	i := 0
	return func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		r := rs[min(i, len(rs)-1)]
		i++
		mu.Unlock()
		return r(req)
	}
}

func jsonResp(status int, body string, hdr ...string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(hdr); i += 2 {
			resp.Header.Set(hdr[i], hdr[i+1])
		}
		resp.Request = req
		return resp, nil
	}
}
