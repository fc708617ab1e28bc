package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

const acme = "0977ffa9f20010790f0fc003f6900520"

func noEnv(string) (string, bool) { return "", false }

func TestTourAgainstTheFake(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(t.Context(), nil, noEnv, &out))
	s := out.String()
	for _, want := range []string{
		"Resellers (3):",
		acme + "  Acme Cloud Services  acme-cloud",
		"Your balance: 100000.00 CNY",
		"Balance of Acme Cloud Services: 5000.00 CNY",
		"Transferred 100.00 CNY to Acme Cloud Services",
		"Reclaimed 40.00 CNY from Acme Cloud Services",
		"Balance of Acme Cloud Services: 5060.00 CNY",
		"Adjust records of Acme Cloud Services (2):",
		"TIME                  OPERATION  AMOUNT  CURRENCY  TRANSACTION",
	} {
		assert.Contains(t, s, want)
	}
	// Amounts are decimals, right-aligned in their column.
	assert.Regexp(t, regexp.MustCompile(`(?m)^  \S+Z  reclaim     40\.00  CNY  `), s)
	assert.Regexp(t, regexp.MustCompile(`(?m)^  \S+Z  transfer   100\.00  CNY  `), s)
}

func TestTourOfAChosenReseller(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(t.Context(), []string{"-fake", "-reseller", "1b2c3d4e5f60718293a4b5c6d7e8f901"}, noEnv, &out))
	assert.Contains(t, out.String(), "Balance of Bluesky Digital: 1200.50 CNY")
	assert.Contains(t, out.String(), "Balance of Bluesky Digital: 1260.50 CNY")
}

// live starts a fake to stand in for a real endpoint.
func live(t *testing.T) (*hwpartnertest.Server, func(string) (string, bool)) {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	env := map[string]string{"HUAWEICLOUD_SDK_AK": srv.AccessKey(), "HUAWEICLOUD_SDK_SK": srv.SecretKey()}
	return srv, func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestEndpointIsReadOnly(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	var out strings.Builder
	require.NoError(t, srv.SeedAdjustRecord(hwpartnertest.AdjustRecord{TransID: "AD-EARLIER", CustomerID: acme,
		OperationType: "SOURCE_OPERATION_BEADJUST", Amount: hwpartnertest.MustParseAmount(t, "7.5")}))
	require.NoError(t, run(t.Context(), []string{"-endpoint", srv.URL}, env, &out))
	assert.Contains(t, out.String(), "Balance of Acme Cloud Services: 5000.00 CNY")
	// The adjust records are part of what it reads.
	assert.Contains(t, out.String(), "Adjust records of Acme Cloud Services (1):")
	assert.Regexp(t, regexp.MustCompile(`(?m)^  \S+Z  transfer +7\.50 +CNY +AD-EARLIER$`), out.String())
	assert.NotContains(t, out.String(), "fake server")
	assert.Zero(t, srv.RequestCount("UpdateIndirectPartnerAccount"))
	assert.Zero(t, srv.RequestCount("ReclaimIndirectPartnerAccount"))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5000.00"), srv.Balance(acme))
}

func TestEndpointTransfersOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	var out strings.Builder
	require.NoError(t, run(t.Context(), []string{"-endpoint", srv.URL, "-reseller", acme, "-transfer", "12.34"}, env, &out))
	assert.Contains(t, out.String(), "Transferred 12.34 CNY to Acme Cloud Services")
	assert.Contains(t, out.String(), "Adjust records of Acme Cloud Services (1):")
	assert.Equal(t, 1, srv.RequestCount("UpdateIndirectPartnerAccount"))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5012.34"), srv.Balance(acme))
}

func TestEndpointResolvesAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	srv.InjectFault("UpdateIndirectPartnerAccount", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	var out strings.Builder
	require.NoError(t, run(t.Context(), []string{"-endpoint", srv.URL, "-reseller", acme, "-transfer", "5"}, env, &out))
	assert.Contains(t, out.String(), "outcome is unknown")
	assert.Contains(t, out.String(), "found in the records")
	assert.Equal(t, 1, srv.RequestCount("UpdateIndirectPartnerAccount"))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5005.00"), srv.Balance(acme))
}

func TestEndpointReportsAnUnresolvedOutcome(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	srv.InjectFault("UpdateIndirectPartnerAccount", hwpartnertest.Fault{Status: 503, Times: 1})
	var out strings.Builder
	err := run(t.Context(), []string{"-endpoint", srv.URL, "-reseller", acme, "-transfer", "5"}, env, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "may or may not have happened")
	assert.Equal(t, 1, srv.RequestCount("UpdateIndirectPartnerAccount"))
}

func TestBadUse(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	cases := map[string]struct {
		args []string
		env  func(string) (string, bool)
		want string
	}{
		"transfer without reseller": {[]string{"-endpoint", srv.URL, "-transfer", "1"}, env, "-reseller"},
		"transfer on the fake":      {[]string{"-transfer", "1", "-reseller", acme}, env, "-endpoint"},
		"both modes":                {[]string{"-fake", "-endpoint", srv.URL}, env, "exclude"},
		"no credentials":            {[]string{"-endpoint", srv.URL}, noEnv, "HUAWEICLOUD_SDK_AK"},
		"bad amount":                {[]string{"-endpoint", srv.URL, "-transfer", "1,5"}, env, "decimal"},
		"stray argument":            {[]string{"now"}, env, "unexpected"},
		"unknown flag":              {[]string{"-yes"}, env, "-yes"},
		"reseller not found":        {[]string{"-endpoint", srv.URL, "-reseller", "nobody"}, env, "no reseller"},
	}
	for name, tc := range cases {
		var out strings.Builder
		err := run(t.Context(), tc.args, tc.env, &out)
		require.Error(t, err, name)
		assert.Contains(t, err.Error()+out.String(), tc.want, name)
	}
	assert.Zero(t, srv.RequestCount("UpdateIndirectPartnerAccount"))
}

// An amount given but unusable is refused before anything is read or sent,
// zero included: it is not taken as "only read".
func TestBadTransferAmountSendsNothing(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	for _, amount := range []string{"0", "0.00", "-5", "1.001"} {
		var out strings.Builder
		err := run(t.Context(), []string{"-endpoint", srv.URL, "-reseller", acme, "-transfer", amount}, env, &out)
		require.Error(t, err, amount)
		assert.Contains(t, err.Error(), "Amount", amount)
		assert.Empty(t, out.String(), amount)
	}
	for _, args := range [][]string{{"-transfer", "0"}, {"-endpoint", srv.URL, "-transfer", "0"}} {
		var out strings.Builder
		require.Error(t, run(t.Context(), args, env, &out), args)
	}
	assert.Zero(t, srv.RequestCount(""))
}

func TestHelpIsNotAFailure(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-h"}, noEnv, &out), "-h exits 0")
	assert.Contains(t, out.String(), "Usage of quickstart")
}
