package hwpartnertest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestClientConfigIsOneOption(t *testing.T) {
	t.Parallel()
	temp := hwpartnertest.Credential{AccessKey: "TEMPAK", SecretKey: "temp-sk", SecurityToken: "sec-token",
		Account: hwpartnertest.Account{DomainID: hwpartnertest.DefaultDomainID, Name: "ops", Kind: hwpartnertest.Distributor}}
	tok := hwpartnertest.Credential{Token: "tok-1",
		Account: hwpartnertest.Account{DomainID: "sp-domain", Name: "sp", Kind: hwpartnertest.SolutionProvider}}
	// The gateway insists on X-Domain-Id: the configuration carries it.
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithRequireDomainID(),
		hwpartnertest.WithCredential(temp), hwpartnertest.WithCredential(tok))
	require.NoError(t, srv.SetBalance("sp-domain", hwpartnertest.Yuan(7)))

	for name, cfg := range map[string]hwpartnertest.ClientConfig{
		"access keys":           srv.ClientConfig(),
		"temporary access keys": srv.ClientConfigFor(temp),
	} {
		c, err := hwpartner.NewClient(hwpartner.WithConfig(cfg))
		require.NoError(t, err, name)
		_, err = c.Funds.OwnBalance(t.Context())
		assert.NoError(t, err, name)
	}
	c, err := hwpartner.NewClient(hwpartner.WithConfig(srv.ClientConfigFor(tok)))
	require.NoError(t, err)
	b, err := c.Funds.OwnBalance(t.Context())
	require.NoError(t, err)
	cash, ok := b.Account(funds.AccountCash)
	require.True(t, ok)
	assert.True(t, srv.Balance("sp-domain").Equal(cash.Amount), "the token acts for its own account")

	cfg := srv.ClientConfig()
	assert.Equal(t, srv.URL, cfg.Endpoint)
	assert.Equal(t, srv.OBSEndpoint(), cfg.OBSEndpoint)
	assert.Equal(t, srv.AccessKey(), cfg.AccessKey)
	for _, printed := range []string{cfg.String(), fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
		assert.NotContains(t, printed, srv.SecretKey())
	}
	assert.NotContains(t, srv.ClientConfigFor(temp).String(), "sec-token")

	_, err = hwpartner.NewClient(hwpartner.WithConfig(nil))
	assert.Error(t, err)
	_, err = hwpartner.NewClient(hwpartner.WithConfig(hwpartnertest.ClientConfig{Endpoint: srv.URL}))
	assert.ErrorContains(t, err, "neither access keys nor a token")
	_, err = hwpartner.NewClient(hwpartner.WithConfig(cfg), hwpartner.WithEndpoint(srv.URL))
	assert.Error(t, err, "two endpoints")
	_, err = hwpartner.NewClient(hwpartner.WithConfig(cfg), hwpartner.WithToken("x"))
	assert.Error(t, err, "two kinds of credentials")
}
