package auth_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
)

const (
	secretKey     = "SK-very-secret-0123456789"
	securityToken = "SECURITY-TOKEN-abcdef"
	iamToken      = "MIIEXAMPLE-IAM-TOKEN-xyz"
	password      = "P@ssw0rd-secret"
)

// printed renders v in every way a program might print or log it.
func printed(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T"} {
		fmt.Fprintf(&b, verb+"\n", v)
	}
	fmt.Fprintln(&b, v)
	if g, ok := v.(fmt.GoStringer); ok {
		fmt.Fprintln(&b, g.GoString())
	}
	l := slog.New(slog.NewJSONHandler(&b, nil))
	l.Info("creds", "value", v)
	l = slog.New(slog.NewTextHandler(&b, nil))
	l.Info("creds", "value", v)
	return b.String()
}

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	t.Parallel()
	perm, err := auth.NewAKSK("AKPERMANENT", secretKey)
	require.NoError(t, err)
	temp, err := auth.NewTemporaryAKSK("AKTEMP", secretKey, securityToken)
	require.NoError(t, err)
	tok, err := auth.NewToken(iamToken)
	require.NoError(t, err)
	cfg := auth.PasswordConfig{UserName: "ops", Password: password, AccountName: "acme"}
	src, err := auth.NewPasswordTokenSource(cfg)
	require.NoError(t, err)

	// Values copied out of their pointers, alone or inside a struct, print
	// the same way.
	type holder struct {
		Creds auth.AKSK
		Token auth.Token
	}
	signer, err := auth.NewSigner("AKSIGNER", secretKey)
	require.NoError(t, err)
	for _, v := range []any{perm, temp.WithDomainID("dom-1"), tok, cfg, &cfg, src, *temp, *tok, holder{*temp, *tok}, signer} {
		out := printed(t, v)
		skBytes := strings.Trim(fmt.Sprint([]byte(secretKey)), "[]")
		for _, secret := range []string{secretKey, skBytes, securityToken, iamToken, password} {
			assert.NotContains(t, out, secret)
		}
	}
	assert.Contains(t, printed(t, temp), "AKTEMP", "the access key id is not secret and helps debugging")
}

func TestAKSKAddsDomainAndSecurityTokenBeforeSigning(t *testing.T) {
	t.Parallel()
	c, err := auth.NewTemporaryAKSK("AK", secretKey, securityToken)
	require.NoError(t, err)
	c = c.WithDomainID("dom-1")
	assert.Equal(t, "dom-1", c.DomainID())
	assert.True(t, c.Temporary())
	assert.Equal(t, "AK", c.AccessKey())

	req, err := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/accounts/partner-accounts/balances", nil)
	require.NoError(t, err)
	require.NoError(t, c.Authorize(t.Context(), req, nil, time.Date(2024, 3, 15, 8, 9, 10, 0, time.UTC)))
	assert.Equal(t, "dom-1", req.Header.Get("X-Domain-Id"))
	assert.Equal(t, securityToken, req.Header.Get("X-Security-Token"))
	assert.Contains(t, req.Header.Get("Authorization"), "SignedHeaders=x-domain-id;x-sdk-date;x-security-token,")
	assert.Equal(t, "20240315T080910Z", req.Header.Get("X-Sdk-Date"))
}

func TestCredentialConstructorsRefuseBadInput(t *testing.T) {
	t.Parallel()
	_, err := auth.NewAKSK("", "sk")
	assert.Error(t, err)
	_, err = auth.NewAKSK("ak", "")
	assert.Error(t, err)
	_, err = auth.NewAKSK("ak\r\nX-Evil: 1", "sk")
	assert.Error(t, err)
	_, err = auth.NewTemporaryAKSK("ak", "sk", "")
	assert.Error(t, err)
	_, err = auth.NewToken("")
	assert.Error(t, err)
	_, err = auth.NewToken("tok\n")
	assert.Error(t, err)
	_, err = auth.NewPasswordTokenSource(auth.PasswordConfig{UserName: "u"})
	assert.ErrorContains(t, err, "password, account name")
}

func TestTokenAuthorizeSendsOnlyTheToken(t *testing.T) {
	t.Parallel()
	tok, err := auth.NewToken(iamToken)
	require.NoError(t, err)
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	require.NoError(t, tok.Authorize(t.Context(), req, nil, time.Now()))
	assert.Equal(t, iamToken, req.Header.Get("X-Auth-Token"))
	assert.Empty(t, req.Header.Get("Authorization"))
	assert.Empty(t, req.Header.Get("X-Sdk-Date"))
}

func TestFromLookupUsesHuaweiSDKNames(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	c, err := auth.FromLookup(env(map[string]string{
		"HUAWEICLOUD_SDK_AK": "AKENV", "HUAWEICLOUD_SDK_SK": secretKey,
		"HUAWEICLOUD_SDK_SECURITY_TOKEN": securityToken, "HUAWEICLOUD_SDK_DOMAIN_ID": "dom-env",
	}))
	require.NoError(t, err)
	assert.Equal(t, "AKENV", c.AccessKey())
	assert.True(t, c.Temporary())
	assert.Equal(t, "dom-env", c.DomainID())

	c, err = auth.FromLookup(env(map[string]string{"HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": "SK"}))
	require.NoError(t, err)
	assert.False(t, c.Temporary())
	assert.Empty(t, c.DomainID())

	_, err = auth.FromLookup(env(map[string]string{"HUAWEICLOUD_SDK_AK": "AK"}))
	assert.ErrorIs(t, err, auth.ErrNoCredentials)
}

func TestFromEnv(t *testing.T) { //nolint:paralleltest // sets environment variables
	t.Setenv("HUAWEICLOUD_SDK_AK", "AKFROMENV")
	t.Setenv("HUAWEICLOUD_SDK_SK", secretKey)
	t.Setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "")
	t.Setenv("HUAWEICLOUD_SDK_DOMAIN_ID", "")
	c, err := auth.FromEnv()
	require.NoError(t, err)
	assert.Equal(t, "AKFROMENV", c.AccessKey())
}

// Values that hold secrets print redacted also when dereferenced, alone or
// inside a struct: fmt cannot call the methods of an unexported field, so
// only value receivers keep %+v away from the fields.
func TestSecretHoldersPrintRedactedWhenCopied(t *testing.T) {
	t.Parallel()
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{UserName: "ops", Password: password, AccountName: "acme"})
	require.NoError(t, err)
	signer, err := auth.NewSigner("AKSIGNER", secretKey)
	require.NoError(t, err)
	type holder struct {
		Source auth.PasswordTokenSource
		Signer auth.Signer
	}
	skBytes := strings.Trim(fmt.Sprint([]byte(secretKey)), "[]")
	for _, v := range []any{*src, *signer, holder{*src, *signer}, &holder{*src, *signer}} {
		out := printed(t, v)
		for _, secret := range []string{secretKey, skBytes, password} {
			assert.NotContains(t, out, secret)
		}
	}
	assert.Contains(t, printed(t, *signer), "AKSIGNER")

	// A copy still works: it shares the original's state.
	cp := *signer
	req, err := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/", nil)
	require.NoError(t, err)
	require.NoError(t, cp.Sign(req, nil, time.Now()))
}

func TestCredentialsRedactTheirSecrets(t *testing.T) {
	t.Parallel()
	temp, err := auth.NewTemporaryAKSK("AKTEMP", secretKey, securityToken)
	require.NoError(t, err)
	tok, err := auth.NewToken(iamToken)
	require.NoError(t, err)
	src, err := auth.NewPasswordTokenSource(auth.PasswordConfig{UserName: "ops", Password: password, AccountName: "acme"})
	require.NoError(t, err)
	text := "sk " + secretKey + " token " + securityToken + " iam " + strings.ToLower(iamToken) + " pw " + password +
		" encoded " + url.QueryEscape(password)
	for _, r := range []auth.Redactor{temp, tok, src} {
		out := r.Redact(text)
		assert.Contains(t, out, "[REDACTED]")
		assert.Contains(t, out, " encoded ", "the rest of the text stays")
	}
	assert.NotContains(t, temp.Redact(text), secretKey)
	assert.NotContains(t, temp.Redact(text), securityToken)
	assert.NotContains(t, tok.Redact(text), strings.ToLower(iamToken))
	assert.NotContains(t, src.Redact(text), password)
	assert.NotContains(t, src.Redact(text), url.QueryEscape(password))

	// Any value, in any form.
	odd := `p@ss/"word"+1`
	for _, s := range []string{odd, strings.ToUpper(odd), url.QueryEscape(odd), url.PathEscape(odd), `p@ss/\"word\"+1`} {
		out := auth.RedactSecrets("login failed for "+s, odd, "", "ab")
		assert.Equal(t, "login failed for [REDACTED]", out, s)
	}
	assert.Equal(t, "ab cd", auth.RedactSecrets("ab cd", "ab"), "values too short to be secrets are left alone")
}
