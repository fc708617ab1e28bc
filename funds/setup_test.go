package funds_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// Operation names, as the fake records them.
const (
	opBalances = "ListPartnerBalances"
	opTransfer = "UpdateIndirectPartnerAccount"
	opReclaim  = "ReclaimIndirectPartnerAccount"
	opRecords  = "ListPartnerAdjustRecords"
)

const (
	resellerID  = "0977ffa9f20010790f0fc003f6900520"
	otherDomain = "other-distributor"
	theirs      = "their-reseller"
)

// setup starts a fake with one reseller (100.00) and a distributor with
// 1000.00, and a client with fast retries.
func setup(t *testing.T, opts ...hwpartner.Option) (*hwpartner.Client, *hwpartnertest.Server) {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: resellerID, Name: "Acme", Balance: hwpartnertest.MustParseAmount(t, "100.00")}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.MustParseAmount(t, "1000.00")))
	return client(t, srv, srv.AccessKey(), srv.SecretKey(), opts...), srv
}

func client(t *testing.T, srv *hwpartnertest.Server, ak, sk string, opts ...hwpartner.Option) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(append([]hwpartner.Option{
		hwpartner.WithAKSK(ak, sk),
		hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(3, time.Millisecond, 5*time.Millisecond),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

// asKind adds credentials of another account kind and returns a client
// using them.
func asKind(t *testing.T, srv *hwpartnertest.Server, kind hwpartnertest.AccountKind) *hwpartner.Client {
	t.Helper()
	require.NoError(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "KINDAK", SecretKey: "kind-sk",
		Account: hwpartnertest.Account{DomainID: "d-" + kind.String(), Kind: kind}}))
	return client(t, srv, "KINDAK", "kind-sk")
}

// seedOther adds a second distributor with a reseller of its own.
func seedOther(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	require.NoError(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "OTHERAK", SecretKey: "other-sk",
		Account: hwpartnertest.Account{DomainID: otherDomain, Kind: hwpartnertest.Distributor}}))
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: theirs, DistributorID: otherDomain, Balance: hwpartnertest.MustParseAmount(t, "50.00")}))
}

func amount(t *testing.T, s string) core.Amount {
	t.Helper()
	a, err := core.ParseAmount(s)
	require.NoError(t, err)
	return a
}

func assertAmount(t *testing.T, want string, got core.Amount) {
	t.Helper()
	assert.Truef(t, amount(t, want).Equal(got), "want %s, got %s", want, got)
}

func last(t *testing.T, srv *hwpartnertest.Server) hwpartnertest.Request {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}
