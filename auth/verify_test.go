package auth_test

import (
	"bytes"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
)

func secrets(ak string) (string, bool) {
	if ak == "AK" {
		return secretKey, true
	}
	return "", false
}

func signedRequest(t *testing.T, at time.Time) (*http.Request, []byte) {
	t.Helper()
	body := []byte(`{"indirect_partner_id":"r1","amount":"10.00"}`)
	req, err := http.NewRequest(http.MethodPost, "https://bss.myhuaweicloud.com/v2/accounts/partner-accounts/indirect-partner-adjust?x=1", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Domain-Id", "dom")
	s, err := auth.NewSigner("AK", secretKey)
	require.NoError(t, err)
	require.NoError(t, s.Sign(req, body, at))
	return req, body
}

func TestVerifyAcceptsOurSignatureAndRejectsTampering(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 15, 8, 9, 10, 0, time.UTC)
	req, body := signedRequest(t, now)
	ak, err := auth.Verify(req, body, secrets, now, auth.MaxClockSkew)
	require.NoError(t, err)
	assert.Equal(t, "AK", ak)

	tamper := map[string]func(*http.Request, []byte) []byte{
		"body":   func(_ *http.Request, b []byte) []byte { return bytes.Replace(b, []byte("10.00"), []byte("99.00"), 1) },
		"path":   func(r *http.Request, b []byte) []byte { r.URL.Path += "x"; return b },
		"query":  func(r *http.Request, b []byte) []byte { r.URL.RawQuery = "x=2"; return b },
		"header": func(r *http.Request, b []byte) []byte { r.Header.Set("X-Domain-Id", "other"); return b },
		"date": func(r *http.Request, b []byte) []byte {
			r.Header.Set("X-Sdk-Date", now.Add(time.Second).Format(auth.DateLayout))
			return b
		},
		"method":  func(r *http.Request, b []byte) []byte { r.Method = http.MethodPut; return b },
		"dropped": func(r *http.Request, b []byte) []byte { r.Header.Del("X-Domain-Id"); return b },
		"signature": func(r *http.Request, b []byte) []byte {
			r.Header.Set("Authorization", r.Header.Get("Authorization")[:60]+"00")
			return b
		},
	}
	for name, f := range tamper {
		r2, _ := signedRequest(t, now)
		b2 := f(r2, bytes.Clone(body))
		_, err := auth.Verify(r2, b2, secrets, now, auth.MaxClockSkew)
		var ve *auth.VerifyError
		assert.True(t, errors.As(err, &ve), "%s: %v", name, err)
	}

	// Content-Type is not signed, so changing it does not break the signature.
	r3, _ := signedRequest(t, now)
	r3.Header.Set("Content-Type", "application/json;charset=UTF-8")
	_, err = auth.Verify(r3, body, secrets, now, auth.MaxClockSkew)
	assert.NoError(t, err)
}

func TestVerifyClockSkew(t *testing.T) {
	t.Parallel()
	signed := time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC)
	req, body := signedRequest(t, signed)
	_, err := auth.Verify(req, body, secrets, signed.Add(15*time.Minute), auth.MaxClockSkew)
	assert.NoError(t, err, "15 minutes is still accepted")

	_, err = auth.Verify(req, body, secrets, signed.Add(15*time.Minute+time.Second), auth.MaxClockSkew)
	var ve *auth.VerifyError
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Expired)
	assert.Equal(t, "calc aksk signature fail:signature expired, signature time:20240315T080000Z,server time:20240315T081501Z", ve.Reason)

	_, err = auth.Verify(req, body, secrets, signed.Add(-16*time.Minute), auth.MaxClockSkew)
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Expired)
}

func TestVerifyRefusals(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC)
	for name, mutate := range map[string]func(*http.Request){
		"no authorization": func(r *http.Request) { r.Header.Del("Authorization") },
		"other algorithm":  func(r *http.Request) { r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=x") },
		"unknown access": func(r *http.Request) {
			r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access=NOPE, SignedHeaders=x-sdk-date, Signature=00")
		},
		"date not signed": func(r *http.Request) {
			r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-domain-id, Signature=00")
		},
		"no date":           func(r *http.Request) { r.Header.Del("X-Sdk-Date") },
		"missing signed hd": func(r *http.Request) { r.Header.Del("X-Domain-Id") },
	} {
		req, body := signedRequest(t, now)
		mutate(req)
		_, err := auth.Verify(req, body, secrets, now, auth.MaxClockSkew)
		assert.Error(t, err, name)
	}
}

func TestVerifyWithKeptSigners(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 15, 8, 9, 10, 0, time.UTC)
	req, body := signedRequest(t, now)
	kept, err := auth.NewSigner("AK", secretKey)
	require.NoError(t, err)
	for range 2 { // the signer's buffers are reused
		ak, err := auth.VerifyWith(req, body, func(string) (*auth.Signer, bool) { return kept, true }, now, auth.MaxClockSkew)
		require.NoError(t, err)
		assert.Equal(t, "AK", ak)
	}
	other, err := auth.NewSigner("OTHER", secretKey)
	require.NoError(t, err)
	_, err = auth.VerifyWith(req, body, func(string) (*auth.Signer, bool) { return other, true }, now, auth.MaxClockSkew)
	assert.ErrorContains(t, err, "Get secretKey failed", "a signer of another access key")
	wrong, err := auth.NewSigner("AK", "not-the-secret")
	require.NoError(t, err)
	_, err = auth.VerifyWith(req, body, func(string) (*auth.Signer, bool) { return wrong, true }, now, auth.MaxClockSkew)
	var ve *auth.VerifyError
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.CanonicalRequest, "/v2/accounts/partner-accounts/indirect-partner-adjust/")
}
