package hwpartnertest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func post(t *testing.T, url, body string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp, m
}

const tokenBody = `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"ops","password":"pw","domain":{"name":"acme"}}}},"scope":{"domain":{"name":"acme"}}}}`

func TestUnknownRoutes(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	resp, body := post(t, srv.URL+"/v2/nowhere", "{}")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, "APIGW.0101", body["error_code"])
	assert.Equal(t, "The API does not exist or has not been published in the environment.", body["error_msg"])
	assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))

	// A known path with the wrong method.
	resp, err := http.Get(srv.URL + "/v3/auth/tokens")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, hwpartnertest.Op(""), reqs[0].Operation)
	assert.Equal(t, "/v2/nowhere", reqs[0].Path)
	assert.Equal(t, http.StatusNotFound, reqs[0].Status)
	srv.ResetRequests()
	assert.Equal(t, 0, srv.RequestCount(""))
}

func TestIAMTokens(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC)
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithIAMUser("ops", "pw", "acme"),
		hwpartnertest.WithTokenTTL(time.Hour), hwpartnertest.WithClock(func() time.Time { return now }))

	resp, body := post(t, srv.URL+"/v3/auth/tokens", tokenBody)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get("X-Subject-Token"))
	assert.Equal(t, "2024-03-15T09:00:00.000000Z", body["token"].(map[string]any)["expires_at"])
	assert.Equal(t, 1, srv.TokensIssued())

	resp, body = post(t, srv.URL+"/v3/auth/tokens", strings.Replace(tokenBody, `"pw"`, `"nope"`, 1))
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "The username or password is wrong.", body["error"].(map[string]any)["message"])

	projectScoped := strings.Replace(tokenBody, `"scope":{"domain":{"name":"acme"}}`, `"scope":{"project":{"name":"cn-north-1"}}`, 1)
	resp, _ = post(t, srv.URL+"/v3/auth/tokens", projectScoped)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "BSS needs a domain-scoped token")

	resp, _ = post(t, srv.URL+"/v3/auth/tokens", `{"auth":{"identity":{"methods":["token"]}}}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, 1, srv.TokensIssued())
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithIAMUser("ops", "pw", "acme"))
	const op = hwpartnertest.OpKeystoneCreateUserTokenByPassword

	srv.InjectFault(op, hwpartnertest.Fault{Status: 503, Code: "CBC.0999", RetryAfter: "2", Times: 2})
	for range 2 {
		resp, body := post(t, srv.URL+"/v3/auth/tokens", tokenBody)
		assert.Equal(t, 503, resp.StatusCode)
		assert.Equal(t, "2", resp.Header.Get("Retry-After"))
		assert.Equal(t, "CBC.0999", body["error_code"])
	}
	resp, _ := post(t, srv.URL+"/v3/auth/tokens", tokenBody)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "the fault applied twice only")
	assert.Equal(t, 1, srv.TokensIssued())

	for _, drop := range []hwpartnertest.Drop{hwpartnertest.DropBeforeRead, hwpartnertest.DropAfterRead, hwpartnertest.DropAfterProcessing} {
		srv.InjectFault(op, hwpartnertest.Fault{Drop: drop, Times: 1})
		_, err := http.Post(srv.URL+"/v3/auth/tokens", "application/json", strings.NewReader(tokenBody))
		assert.Error(t, err, "drop %d closes the connection without an answer", drop)
	}
	assert.Equal(t, 2, srv.TokensIssued(), "only DropAfterProcessing carried the request out")

	srv.InjectFault(op, hwpartnertest.Fault{Latency: 50 * time.Millisecond})
	start := time.Now()
	resp, _ = post(t, srv.URL+"/v3/auth/tokens", tokenBody)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
	srv.ClearFaults()

	srv2 := hwpartnertest.NewServer(t, hwpartnertest.WithErrorInjection(op, 200, "CBC.5001"))
	resp, body := post(t, srv2.URL+"/v3/auth/tokens", tokenBody)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "CBC.5001", body["error_code"])

	reqs := srv.Requests()
	assert.Equal(t, op, reqs[0].Operation)
	assert.JSONEq(t, tokenBody, string(reqs[0].Body))
	assert.Equal(t, 0, reqs[3].Status, "a dropped request has no status")
}

func TestRequestBodyLimit(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	big := bytes.Repeat([]byte("a"), 12<<20+1)
	resp, err := http.Post(srv.URL+"/v3/auth/tokens", "application/json", bytes.NewReader(big))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
}

func TestOptionsAndCredentials(t *testing.T) {
	t.Parallel()
	for _, bad := range []hwpartnertest.Option{
		hwpartnertest.WithAKSK("", "x"),
		hwpartnertest.WithDomainID(""),
		hwpartnertest.WithCredential(hwpartnertest.Credential{}),
		hwpartnertest.WithCredential(hwpartnertest.Credential{AccessKey: "a"}),
		hwpartnertest.WithCredential(hwpartnertest.Credential{AccessKey: "a", SecretKey: "b"}),
		hwpartnertest.WithAddr("256.0.0.1:99999"),
	} {
		_, err := hwpartnertest.Start(bad)
		assert.Error(t, err)
	}
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithAKSK("AK1", "SK1"), hwpartnertest.WithDomainID("dom1"))
	assert.Equal(t, "AK1", srv.AccessKey())
	assert.Equal(t, "SK1", srv.SecretKey())
	assert.Equal(t, "dom1", srv.DomainID())
	assert.Error(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "x", SecretKey: "y"}), "an account kind is required")
	assert.NoError(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "x", SecretKey: "y",
		Account: hwpartnertest.Account{DomainID: "d2", Kind: hwpartnertest.Reseller}}))
	assert.Equal(t, "reseller", hwpartnertest.Reseller.String())
	assert.Equal(t, "distributor", hwpartnertest.Distributor.String())
	assert.Equal(t, "solution provider", hwpartnertest.SolutionProvider.String())
	assert.Equal(t, "not a partner", hwpartnertest.NotPartner.String())
	srv.SetClock(time.Now)
}

// The fake refuses a signature dated more than 15 minutes from its clock,
// either way, as the gateway does, and says what its time is.
func TestSignatureDateSkew(t *testing.T) {
	t.Parallel()
	serverNow := time.Date(2024, 3, 15, 8, 30, 0, 0, time.UTC)
	srv := hwpartnertest.NewServer(t, hwpartnertest.WithClock(func() time.Time { return serverNow }))
	creds, err := auth.NewAKSK(srv.AccessKey(), srv.SecretKey())
	require.NoError(t, err)
	send := func(signedAt time.Time) (int, map[string]any) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/partners/indirect-partners/query", strings.NewReader(`{}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		require.NoError(t, creds.WithDomainID(srv.DomainID()).Authorize(t.Context(), req, []byte(`{}`), signedAt))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var m map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		return resp.StatusCode, m
	}
	for _, d := range []time.Duration{-15 * time.Minute, 15 * time.Minute} {
		status, body := send(serverNow.Add(d))
		assert.Equal(t, http.StatusOK, status, "%v apart is accepted: %v", d, body)
	}
	for _, d := range []time.Duration{-16 * time.Minute, 16 * time.Minute} {
		status, body := send(serverNow.Add(d))
		assert.Equal(t, http.StatusUnauthorized, status, "%v apart", d)
		assert.Equal(t, "APIGW.0301", body["error_code"])
		assert.Contains(t, body["error_msg"], "signature expired")
		assert.Contains(t, body["error_msg"], "server time:20240315T083000Z")
	}
}

// A client may send X-Sdk-Content-Sha256 with an empty value; the gateway,
// like the official signer, takes it verbatim as the payload hash (the
// empty string), not the body's hash (signing.md §2.5, §3).
func TestFakeTakesAnEmptyPayloadHeaderVerbatim(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	body := []byte(`{}`)
	at := time.Now().UTC()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/partners/indirect-partners/query", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Domain-Id", srv.DomainID())
	// The canonical request with UNSIGNED-PAYLOAD, turned into the one
	// with an empty value, signed as signing.md §2.6 says.
	req.Header["X-Sdk-Content-Sha256"] = []string{"UNSIGNED-PAYLOAD"}
	signer, err := auth.NewSigner(srv.AccessKey(), srv.SecretKey())
	require.NoError(t, err)
	sig, err := signer.Explain(req, body, at)
	require.NoError(t, err)
	canon := strings.Replace(sig.CanonicalRequest, "x-sdk-content-sha256:UNSIGNED-PAYLOAD\n", "x-sdk-content-sha256:\n", 1)
	canon = strings.TrimSuffix(canon, "UNSIGNED-PAYLOAD")
	sum := sha256.Sum256([]byte(canon))
	mac := hmac.New(sha256.New, []byte(srv.SecretKey()))
	mac.Write([]byte(auth.Algorithm + "\n" + at.Format(auth.DateLayout) + "\n" + hex.EncodeToString(sum[:])))
	req.Header["X-Sdk-Content-Sha256"] = []string{""}
	req.Header.Set("Authorization", auth.Algorithm+" Access="+srv.AccessKey()+", SignedHeaders="+sig.SignedHeaders+
		", Signature="+hex.EncodeToString(mac.Sum(nil)))

	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", answer)
}
