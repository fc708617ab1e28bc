package hwpartnertest_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func gwClient(t *testing.T, srv *hwpartnertest.Server, opts ...hwpartner.Option) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(append([]hwpartner.Option{hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(3, time.Millisecond, time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestGatewayLocksAnAccessKeyAfterFiveFailures(t *testing.T) {
	t.Parallel()
	now := time.Now()
	var clock atomic.Int64
	clock.Store(now.UnixNano())
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithClock(func() time.Time { return time.Unix(0, clock.Load()) }))
	wrong := gwClient(t, srv, hwpartner.WithAKSK(srv.AccessKey(), "not-the-secret"))
	right := gwClient(t, srv, hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()))

	_, err := right.Funds.OwnBalance(t.Context())
	require.NoError(t, err)
	for range 5 {
		_, err := wrong.Funds.OwnBalance(t.Context())
		require.True(t, hwpartner.IsAuth(err))
	}
	assert.Equal(t, 6, srv.RequestCount("ListPartnerBalances"), "failures are not retried")
	_, err = right.Funds.OwnBalance(t.Context())
	assert.ErrorContains(t, err, "AK access failed to reach the limit,forbidden", "even the right key is locked")

	clock.Add(int64(5*time.Minute + time.Second))
	_, err = right.Funds.OwnBalance(t.Context())
	assert.NoError(t, err, "the lock lasts five minutes")
}

func TestGatewayChecksTemporaryKeysAndDomain(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithCredential(hwpartnertest.Credential{
		AccessKey: "TEMPAK", SecretKey: "temp-sk", SecurityToken: "sec-token",
		Account: hwpartnertest.Account{DomainID: hwpartnertest.DefaultDomainID, Name: "ops", Kind: hwpartnertest.Distributor},
	}))
	_, err := gwClient(t, srv, hwpartner.WithTemporaryAKSK("TEMPAK", "temp-sk", "sec-token"), hwpartner.WithDomainID(hwpartnertest.DefaultDomainID)).Funds.OwnBalance(t.Context())
	assert.NoError(t, err)
	_, err = gwClient(t, srv, hwpartner.WithTemporaryAKSK("TEMPAK", "temp-sk", "other-token")).Funds.OwnBalance(t.Context())
	assert.True(t, hwpartner.IsAuth(err), "a wrong security token")
	_, err = gwClient(t, srv, hwpartner.WithAKSK("TEMPAK", "temp-sk")).Funds.OwnBalance(t.Context())
	assert.True(t, hwpartner.IsAuth(err), "temporary keys without their token")
	_, err = gwClient(t, srv, hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithDomainID("someone-else")).Funds.OwnBalance(t.Context())
	assert.True(t, hwpartner.IsAuth(err), "a domain id that is not the key's account")
	_, err = gwClient(t, srv, hwpartner.WithAKSK("UNKNOWN", "x")).Funds.OwnBalance(t.Context())
	assert.ErrorContains(t, err, "Get secretKey failed")
}

func TestGatewayTokens(t *testing.T) {
	t.Parallel()
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithToken("static-token"),
		hwpartnertest.WithIAMUser("ops", "pw", "acme"), hwpartnertest.WithTokenTTL(3*time.Hour),
		hwpartnertest.WithClock(func() time.Time { return time.Unix(0, clock.Load()) }))

	_, err := gwClient(t, srv, hwpartner.WithToken("static-token")).Funds.OwnBalance(t.Context())
	assert.NoError(t, err)
	_, err = gwClient(t, srv, hwpartner.WithToken("forged")).Funds.OwnBalance(t.Context())
	assert.ErrorContains(t, err, "decrypt token fail")

	// An issued token works until the server's clock passes its expiry;
	// the refused token is then dropped and a new one fetched.
	c := gwClient(t, srv, hwpartner.WithPassword("ops", "pw", "acme"))
	_, err = c.Funds.OwnBalance(t.Context())
	require.NoError(t, err)
	_, err = c.Funds.OwnBalance(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.TokensIssued(), "a 3 h token is reused")
	clock.Add(int64(4 * time.Hour))
	_, err = c.Funds.OwnBalance(t.Context())
	assert.ErrorContains(t, err, "token expires")
	_, err = c.Funds.OwnBalance(t.Context())
	assert.NoError(t, err)
	assert.Equal(t, 2, srv.TokensIssued())
}

func TestGatewayRejectsSkewedClocksWithItsTime(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithClock(func() time.Time { return time.Now().Add(-time.Hour) }))
	c := gwClient(t, srv, hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()))
	_, err := c.Funds.OwnBalance(t.Context())
	require.NoError(t, err, "the client learns the gateway's time from the refusal")
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, 401, reqs[0].Status)
	assert.Equal(t, 200, reqs[1].Status)
}

func TestGatewayRefusesASecurityTokenWithPermanentKeys(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	// Permanent keys sent as if they were temporary: the token is one the
	// gateway never issued for them.
	c := gwClient(t, srv, hwpartner.WithTemporaryAKSK(srv.AccessKey(), srv.SecretKey(), "never-issued"))
	_, err := c.Funds.OwnBalance(t.Context())
	assert.True(t, hwpartner.IsAuth(err), "%v", err)
	assert.ErrorContains(t, err, "security token was sent with permanent access keys")
	_, err = gwClient(t, srv, hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey())).Funds.OwnBalance(t.Context())
	assert.NoError(t, err)
}

func TestGatewayCanRequireTheDomainID(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithRequireDomainID())
	_, err := gwClient(t, srv, hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey())).Funds.OwnBalance(t.Context())
	assert.True(t, hwpartner.IsAuth(err), "%v", err)
	assert.ErrorContains(t, err, "X-Domain-Id is missing")
	_, err = gwClient(t, srv, hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithDomainID(srv.DomainID())).Funds.OwnBalance(t.Context())
	assert.NoError(t, err)
	// Tokens carry their account: no X-Domain-Id needed.
	tok := hwpartnertest.NewServer(t, hwpartnertest.WithRequireDomainID(), hwpartnertest.WithToken("tok"))
	_, err = gwClient(t, tok, hwpartner.WithToken("tok")).Funds.OwnBalance(t.Context())
	assert.NoError(t, err)
}
