package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func noEnv(string) (string, bool) { return "", false }

func TestTourAgainstTheFake(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(t.Context(), nil, noEnv, &out))
	s := out.String()
	for _, want := range []string{
		"Your customers (5):",
		"  ID                                ACCOUNT        ASSOCIATION     ASSOCIATED  REAL NAME\n",
		"demo-customer-0001                zhao-studio    partner-funded  2024-04-01  not verified",
		"li-consulting  referral",
		"Customers of Acme Cloud Services (2):",
		"Transferred 200.00 CNY out of the reseller's account",
		"Reclaimed 50.00 CNY from acme-shop-42",
		hwpartnertest.DemoResellerCustomerID + "  300.00  CNY",
		hwpartnertest.DemoResellerReferralID + "  -       not partner-funded",
		"Account changes of Acme Cloud Services (2):",
	} {
		assert.Contains(t, s, want)
	}
	assert.Regexp(t, regexp.MustCompile(`Created customer acme-shop-42 \(([0-9a-f]{32})\)`), s)
	assert.Regexp(t, regexp.MustCompile(`(?m)^  [0-9a-f]{32}  150\.00  CNY$`), s)
	assert.Regexp(t, regexp.MustCompile(`(?m)^  SOURCE_OPERATION_BEADJUST +expense +200\.00 +4800\.00 `), s)
	assert.Regexp(t, regexp.MustCompile(`(?m)^  SOURCE_OPERATION_BERETRIEVE +income +50\.00 +4850\.00 `), s)
	// No personal data in the tables.
	assert.NotContains(t, s, "qian@design.example")
	assert.NotContains(t, s, hwpartnertest.DemoCustomerMobile)
}

func live(t *testing.T) (*hwpartnertest.Server, func(string) (string, bool)) {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	env := map[string]string{"HUAWEICLOUD_SDK_AK": srv.AccessKey(), "HUAWEICLOUD_SDK_SK": srv.SecretKey()}
	return srv, func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestEndpointOnlyLists(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	var out strings.Builder
	require.NoError(t, run(t.Context(), []string{"-endpoint", srv.URL, "-reseller", hwpartnertest.DemoReseller2}, env, &out))
	assert.Contains(t, out.String(), "Customers of reseller "+hwpartnertest.DemoReseller2+" (1):")
	assert.Contains(t, out.String(), "bluesky-app")
	assert.Equal(t, srv.RequestCount(""), srv.RequestCount("ListSubCustomers"), "it only lists")
	out.Reset()
	require.NoError(t, run(t.Context(), []string{"-endpoint", srv.URL}, env, &out))
	assert.Contains(t, out.String(), "Your customers (5):")
	assert.NotContains(t, out.String(), "fake server")
}

func TestBadUse(t *testing.T) {
	t.Parallel()
	srv, env := live(t)
	for name, tc := range map[string]struct {
		args []string
		env  func(string) (string, bool)
		want string
	}{
		"both modes":         {[]string{"-fake", "-endpoint", srv.URL}, env, "exclude"},
		"reseller on fake":   {[]string{"-reseller", "r"}, env, "-endpoint"},
		"no credentials":     {[]string{"-endpoint", srv.URL}, noEnv, "HUAWEICLOUD_SDK_AK"},
		"stray argument":     {[]string{"now"}, env, "unexpected"},
		"not their reseller": {[]string{"-endpoint", srv.URL, "-reseller", hwpartnertest.DemoForeignResellerID}, env, "CBC.99000037"},
		"unknown flag":       {[]string{"-yes"}, env, "-yes"},
	} {
		var out strings.Builder
		err := run(t.Context(), tc.args, tc.env, &out)
		require.Error(t, err, name)
		assert.Contains(t, err.Error()+out.String(), tc.want, name)
	}
}
