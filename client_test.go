package hwpartner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/auth"
)

func TestNewClientOptionErrors(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string][]hwpartner.Option{
		"no credentials anywhere": {hwpartner.WithCredentials(nil)},
		"empty ak":                {hwpartner.WithAKSK("", "sk")},
		"empty temp token":        {hwpartner.WithTemporaryAKSK("ak", "sk", "")},
		"two kinds":               {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithToken("tok")},
		"empty token":             {hwpartner.WithToken("")},
		"empty password":          {hwpartner.WithPassword("u", "", "acct")},
		"empty domain":            {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithDomainID("")},
		"empty iam endpoint":      {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithIAMEndpoint("")},
		"bad site":                {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithSite(hwpartner.SiteCustom)},
		"site twice":              {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithSite(hwpartner.SiteEU), hwpartner.WithEndpoint("https://x")},
		"empty endpoint":          {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("")},
		"ftp endpoint":            {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("ftp://bss.example")},
		"relative endpoint":       {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("bss.example")},
		"endpoint with query":     {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("https://bss.example/?x=1")},
		"endpoint with user":      {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("https://u:p@bss.example")},
		"nil http client":         {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithHTTPClient(nil)},
		"nil transport":           {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithTransport(nil)},
		"nil logger":              {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithLogger(nil)},
		"zero timeout":            {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithTimeout(0)},
		"user agent newline":      {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithUserAgent("a\r\nX-Evil: 1")},
		"negative retries":        {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithRetry(-1, 0, 0)},
		"too many retries":        {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithRetry(11, 0, 0)},
		"waits reversed":          {hwpartner.WithAKSK("ak", "sk"), hwpartner.WithRetry(1, time.Second, time.Millisecond)},
		"nil option":              {hwpartner.WithAKSK("ak", "sk"), nil},
		"ak with newline":         {hwpartner.WithAKSK("ak\n", "sk")},
	} {
		c, err := hwpartner.NewClient(opts...)
		assert.Error(t, err, name)
		assert.Nil(t, c, name)
	}
}

func TestNewClientSitesAndDefaults(t *testing.T) {
	t.Parallel()
	for site, want := range map[hwpartner.Site]string{
		hwpartner.SiteChina:         "https://bss.myhuaweicloud.com",
		hwpartner.SiteInternational: "https://bss-intl.myhuaweicloud.com",
		hwpartner.SiteEU:            "https://bss.myhuaweicloud.eu",
	} {
		c, err := hwpartner.NewClient(hwpartner.WithAKSK("ak", "sk"), hwpartner.WithSite(site))
		require.NoError(t, err)
		assert.Equal(t, want, c.Endpoint())
		assert.Equal(t, site, c.Site())
	}
	c, err := hwpartner.NewClient(hwpartner.WithAKSK("ak", "sk"))
	require.NoError(t, err)
	assert.Equal(t, hwpartner.EndpointChina, c.Endpoint())
	assert.Equal(t, hwpartner.SiteChina, c.Site())

	c, err = hwpartner.NewClient(hwpartner.WithAKSK("ak", "sk"), hwpartner.WithEndpoint("http://127.0.0.1:9/"))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9", c.Endpoint())
	assert.Equal(t, hwpartner.SiteCustom, c.Site())
}

func TestNewClientReadsEnvironment(t *testing.T) { //nolint:paralleltest // sets environment variables
	t.Setenv("HUAWEICLOUD_SDK_AK", "")
	t.Setenv("HUAWEICLOUD_SDK_SK", "")
	_, err := hwpartner.NewClient()
	assert.ErrorIs(t, err, auth.ErrNoCredentials)

	t.Setenv("HUAWEICLOUD_SDK_AK", testAK)
	t.Setenv("HUAWEICLOUD_SDK_SK", testSK)
	t.Setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "env-security-token")
	t.Setenv("HUAWEICLOUD_SDK_DOMAIN_ID", "env-domain")
	mt := httpmock.NewMockTransport()
	var got http.Header
	mt.RegisterResponder(http.MethodGet, balancesURL, func(r *http.Request) (*http.Response, error) {
		got = r.Header.Clone()
		return jsonResp(200, `{}`)(r)
	})
	c, err := hwpartner.NewClient(hwpartner.WithEndpoint(testURL), hwpartner.WithTransport(mt))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "env-domain", got.Get("X-Domain-Id"))
	assert.Equal(t, "env-security-token", got.Get("X-Security-Token"))
	assert.Contains(t, got.Get("Authorization"), "Access="+testAK+", SignedHeaders=user-agent;x-domain-id;x-sdk-date;x-security-token,")
}

func TestRequestOnTheWire(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t, hwpartner.WithUserAgent("acme-platform/2.1"))
	var req *http.Request
	var body []byte
	mt.RegisterResponder(http.MethodPost, adjustURL, func(r *http.Request) (*http.Response, error) {
		req = r
		body, _ = io.ReadAll(r.Body)
		return jsonResp(200, `{"transfer_id":"T1"}`, "X-Request-Id", "rid-7")(r)
	})
	var out transferResult
	meta, err := c.Do(t.Context(), opMoney, transfer(), &out)
	require.NoError(t, err)
	assert.Equal(t, "T1", out.TransferID)
	assert.Equal(t, "rid-7", meta.RequestID)
	assert.Equal(t, 1, meta.Attempts)

	assert.JSONEq(t, `{"indirect_partner_id":"r1","amount":"10.00"}`, string(body))
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(req.Header.Get("User-Agent"), "acme-platform/2.1 go-hwpartner/"+hwpartner.Version+" ("))
	assert.Equal(t, testDomain, req.Header.Get("X-Domain-Id"))
	_, err = auth.Verify(req, body, func(ak string) (string, bool) { return testSK, ak == testAK }, time.Now(), auth.MaxClockSkew)
	assert.NoError(t, err, "the request carries a valid signature")

	// GET: parameters in the query string, no body.
	mt.RegisterResponder(http.MethodGet, balancesURL, func(r *http.Request) (*http.Response, error) {
		req = r
		body, _ = io.ReadAll(r.Body)
		return jsonResp(200, `{}`)(r)
	})
	_, err = c.Do(t.Context(), opQuery, &balanceParams{ResellerID: "a b"}, nil)
	require.NoError(t, err)
	assert.Equal(t, "indirect_partner_id=a%20b", req.URL.RawQuery)
	assert.Empty(t, body)
}

type invalidParams struct{ Amount hwpartner.Amount }

func (p *invalidParams) Validate() error {
	return (&hwpartner.ValidationError{Fields: []hwpartner.FieldError{{Field: "amount", Problem: "must be greater than 0"}}})
}

func TestValidationErrorSendsNothing(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterNoResponder(jsonResp(200, `{}`))
	_, err := c.Do(t.Context(), opMoney, &invalidParams{}, nil)
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "UpdateIndirectPartnerAccount", ve.Operation)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Equal(t, 0, mt.GetTotalCallCount())

	_, err = c.Do(t.Context(), nil, nil, nil)
	assert.Error(t, err)
	_, err = c.Do(t.Context(), &hwpartner.Operation{Method: "GET", Path: "no-slash"}, nil, nil)
	assert.Error(t, err)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestErrorsWithHTTP200(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(200, `{"error_code":"CBC.5001","error_msg":"The caller is not a partner."}`, "X-Request-Id", "rid-200"))
	var out map[string]any
	_, err := c.Do(t.Context(), opQuery, nil, &out)
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, "CBC.5001", apiErr.Code)
	assert.Equal(t, "rid-200", apiErr.RequestID)
	assert.True(t, hwpartner.IsPermission(err))
	assert.Equal(t, 1, mt.GetTotalCallCount())

	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(200, `{"error_code":"CBC.0000","error_msg":"success","account_balances":[]}`))
	_, err = c.Do(t.Context(), opQuery, nil, &out)
	assert.NoError(t, err, "CBC.0000 is success")
}

func TestUnreadableSuccess(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(200, `{"transfer_id":`))
	_, err := c.Do(t.Context(), opMoney, transfer(), &transferResult{})
	assert.True(t, hwpartner.IsOutcomeUnknown(err), "the server answered 2xx: the money moved but we cannot read how")
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(200, `[1,2`))
	_, err = c.Do(t.Context(), opQuery, nil, &map[string]any{})
	var opErr *hwpartner.OperationError
	require.ErrorAs(t, err, &opErr)
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
}

func TestAuthenticationFailureIsNeverRetried(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(401, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail"}`))
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(401, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: Get secretKey failed"}`))
	_, err := c.Do(t.Context(), opMoney, transfer(), nil)
	assert.True(t, hwpartner.IsAuth(err))
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	assert.True(t, hwpartner.IsAuth(err))
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

// skewedGateway verifies signatures against a clock that is ahead of ours.
func skewedGateway(t *testing.T, ahead func(n int) time.Duration) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1))
		body, _ := io.ReadAll(r.Body)
		now := time.Now().Add(ahead(i))
		_, err := auth.Verify(r, body, func(string) (string, bool) { return testSK, true }, now, auth.MaxClockSkew)
		w.Header().Set("X-Request-Id", fmt.Sprintf("rid-%d", i))
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		if err != nil {
			w.WriteHeader(401)
			_ = json.NewEncoder(w).Encode(map[string]string{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: " + strings.TrimPrefix(err.Error(), "hwpartner/auth: ")})
			return
		}
		_, _ = w.Write([]byte(`{"transfer_id":"T-skew"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// The correction is not a retry: it also happens with retries switched off.
func TestClockSkewIsCorrectedOnce(t *testing.T) {
	t.Parallel()
	for name, retry := range map[string]hwpartner.Option{
		"retries on":  hwpartner.WithRetry(3, time.Millisecond, time.Millisecond),
		"retries off": hwpartner.WithRetry(0, 0, 0),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, hits := skewedGateway(t, func(int) time.Duration { return 20 * time.Minute })
			c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(srv.URL), retry)
			require.NoError(t, err)

			// Even a money-moving call: the gateway refused the signature,
			// so the request never reached the service.
			var out transferResult
			meta, err := c.Do(t.Context(), opMoney, transfer(), &out)
			require.NoError(t, err)
			assert.Equal(t, "T-skew", out.TransferID)
			assert.Equal(t, 2, meta.Attempts)
			assert.Equal(t, int32(2), hits.Load())

			// The correction is kept: the next call succeeds at once.
			meta, err = c.Do(t.Context(), opQuery, nil, nil)
			require.NoError(t, err)
			assert.Equal(t, 1, meta.Attempts)
		})
	}
}

// The correction leaves the retries for what follows.
func TestClockSkewCorrectionLeavesTheRetries(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, balancesURL, sequence(
		jsonResp(401, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20240315T080910Z,server time:20240315T083910Z"}`),
		jsonResp(503, `{}`),
		jsonResp(200, `{}`),
	))
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(testURL),
		hwpartner.WithTransport(mt), hwpartner.WithRetry(1, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	meta, err := c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, meta.Attempts, "the correction, then the one retry after the 503")
}

func TestClockSkewRetriedOnlyOnce(t *testing.T) {
	t.Parallel()
	// A gateway whose clock keeps running away: the corrected attempt fails too.
	srv, hits := skewedGateway(t, func(n int) time.Duration { return time.Duration(n) * 20 * time.Minute })
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(5, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), opMoney, transfer(), nil)
	assert.True(t, hwpartner.IsAuth(err))
	assert.Contains(t, err.Error(), "signature expired")
	assert.Equal(t, int32(2), hits.Load())
}

func TestTokenCredentials(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	var got http.Header
	mt.RegisterResponder(http.MethodGet, balancesURL, func(r *http.Request) (*http.Response, error) {
		got = r.Header.Clone()
		return jsonResp(200, `{}`)(r)
	})
	for _, opt := range []hwpartner.Option{hwpartner.WithToken("static-token"), hwpartner.WithCredentials(mustToken(t, "static-token"))} {
		c, err := hwpartner.NewClient(opt, hwpartner.WithEndpoint(testURL), hwpartner.WithTransport(mt))
		require.NoError(t, err)
		_, err = c.Do(t.Context(), opQuery, nil, nil)
		require.NoError(t, err)
		assert.Equal(t, "static-token", got.Get("X-Auth-Token"))
		assert.Empty(t, got.Get("Authorization"))
		assert.Empty(t, got.Get("X-Sdk-Date"))
	}
}

func mustToken(t *testing.T, tok string) *auth.Token {
	t.Helper()
	c, err := auth.NewToken(tok)
	require.NoError(t, err)
	return c
}

// countedIAM answers token requests on mt with token-1, token-2, ... and
// counts them.
func countedIAM(mt *httpmock.MockTransport) *atomic.Int32 {
	var issued atomic.Int32
	mt.RegisterResponder(http.MethodPost, testURL+"/v3/auth/tokens", func(r *http.Request) (*http.Response, error) {
		n := issued.Add(1)
		resp := httpmock.NewStringResponse(201, `{"token":{"expires_at":"`+time.Now().Add(24*time.Hour).UTC().Format(time.RFC3339)+`"}}`)
		resp.Header.Set("X-Subject-Token", fmt.Sprintf("token-%d", n))
		return resp, nil
	})
	return &issued
}

func TestPasswordCredentialsFetchRenewAndInvalidate(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	issued := countedIAM(mt)
	var seen []string
	var mu sync.Mutex
	mt.RegisterResponder(http.MethodGet, balancesURL, func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, r.Header.Get("X-Auth-Token"))
		mu.Unlock()
		if r.Header.Get("X-Auth-Token") == "token-1" && len(seen) == 3 {
			return jsonResp(401, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: token expires"}`)(r)
		}
		return jsonResp(200, `{}`)(r)
	})
	c, err := hwpartner.NewClient(hwpartner.WithPassword("ops", "pw", "acme"), hwpartner.WithEndpoint(testURL), hwpartner.WithTransport(mt))
	require.NoError(t, err)
	for range 2 {
		_, err = c.Do(t.Context(), opQuery, nil, nil)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), issued.Load(), "the token is cached")
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	assert.True(t, hwpartner.IsAuth(err), "a refused token is not retried")
	_, err = c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, int32(2), issued.Load(), "a refused token is dropped and a new one fetched")
	assert.Equal(t, []string{"token-1", "token-1", "token-1", "token-2"}, seen)
}

// A refusal that arrives after the token was replaced leaves the new token
// cached: calls in flight with the old token do not cause more fetches.
func TestPasswordCredentialsLateRefusalKeepsNewToken(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	issued := countedIAM(mt)
	arrived, release := make(chan struct{}), make(chan struct{})
	var first atomic.Bool
	refused := jsonResp(401, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: token expires"}`)
	mt.RegisterResponder(http.MethodGet, balancesURL, func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("X-Auth-Token") != "token-1" {
			return jsonResp(200, `{}`)(r)
		}
		if first.CompareAndSwap(false, true) {
			close(arrived)
			<-release // answered only after the token was replaced
		}
		return refused(r)
	})
	c, err := hwpartner.NewClient(hwpartner.WithPassword("ops", "pw", "acme"), hwpartner.WithEndpoint(testURL), hwpartner.WithTransport(mt))
	require.NoError(t, err)

	late := make(chan error, 1)
	go func() {
		_, err := c.Do(t.Context(), opQuery, nil, nil)
		late <- err
	}()
	<-arrived
	_, err = c.Do(t.Context(), opQuery, nil, nil) // token-1 refused: dropped
	require.True(t, hwpartner.IsAuth(err))
	_, err = c.Do(t.Context(), opQuery, nil, nil) // token-2 fetched
	require.NoError(t, err)
	close(release)
	require.True(t, hwpartner.IsAuth(<-late))

	_, err = c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, int32(2), issued.Load(), "the late refusal of token-1 kept token-2")
}

func TestPasswordCredentialsRefusedByIAM(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, "https://iam.example.test/v3/auth/tokens",
		jsonResp(401, `{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}`, "X-Request-Id", "iam-rid"))
	c, err := hwpartner.NewClient(hwpartner.WithPassword("ops", "wrong-pw", "acme"), hwpartner.WithEndpoint(testURL),
		hwpartner.WithIAMEndpoint("https://iam.example.test"), hwpartner.WithTransport(mt), hwpartner.WithRetry(3, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), opMoney, transfer(), nil)
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, hwpartner.IsAuth(err))
	assert.Equal(t, "The username or password is wrong.", apiErr.Message)
	assert.Equal(t, "iam-rid", apiErr.RequestID)
	assert.False(t, hwpartner.IsOutcomeUnknown(err))
	assert.Equal(t, 1, mt.GetTotalCallCount(), "IAM refusals are not retried and nothing reached BSS")
	assert.NotContains(t, err.Error(), "wrong-pw")
}

func TestWithHTTPClientKeepsSigningAndRetries(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, balancesURL, sequence(jsonResp(503, `{}`), func(r *http.Request) (*http.Response, error) {
		if _, err := auth.Verify(r, nil, func(string) (string, bool) { return testSK, true }, time.Now(), auth.MaxClockSkew); err != nil {
			return jsonResp(401, `{}`)(r)
		}
		return jsonResp(200, `{}`)(r)
	}))
	hc := &http.Client{Transport: mt, Timeout: 5 * time.Second}
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(testURL),
		hwpartner.WithHTTPClient(hc), hwpartner.WithRetry(2, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	meta, err := c.Do(t.Context(), opQuery, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, meta.Attempts)
	assert.Same(t, mt, hc.Transport, "the caller's client is not modified")
}

// The secrets of every credential kind must not reach logs or errors, even
// when a gateway echoes its canonical request (security token included).
func TestSecretsNeverLoggedOrInErrors(t *testing.T) {
	t.Parallel()
	const secToken = "SECURITY-TOKEN-must-not-leak-42"
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, balancesURL, func(r *http.Request) (*http.Response, error) {
		echo := "Incorrect IAM authentication information: verify aksk signature fail, canonical request: GET|/v2/accounts/partner-accounts/balances/||x-security-token:" +
			r.Header.Get("X-Security-Token") + "|x-auth-token:" + r.Header.Get("X-Auth-Token") + "||x-security-token|e3b0"
		body, _ := json.Marshal(map[string]string{"error_code": "APIGW.0301", "error_msg": echo})
		return jsonResp(401, string(body))(r)
	})
	mt.RegisterResponder(http.MethodPost, adjustURL, jsonResp(503, `{}`))
	c, err := hwpartner.NewClient(hwpartner.WithTemporaryAKSK(testAK, testSK, secToken), hwpartner.WithEndpoint(testURL),
		hwpartner.WithTransport(mt), hwpartner.WithLogger(logger), hwpartner.WithRetry(1, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	_, err1 := c.Do(t.Context(), opQuery, nil, nil)
	_, err2 := c.Do(t.Context(), opMoney, transfer(), nil)
	tc, err := hwpartner.NewClient(hwpartner.WithToken("IAM-TOKEN-must-not-leak"), hwpartner.WithEndpoint(testURL),
		hwpartner.WithTransport(mt), hwpartner.WithLogger(logger))
	require.NoError(t, err)
	_, err3 := tc.Do(t.Context(), opQuery, nil, nil)

	require.Error(t, err1)
	require.Error(t, err3)
	assert.Contains(t, logs.String(), `"operation":"ListPartnerBalances"`, "attempts are logged")
	out := logs.String() + err1.Error() + err2.Error() + err3.Error() +
		fmt.Sprintf("%v %+v %#v %v %+v %#v", c, c, c, tc, tc, tc) + fmt.Sprintf("%+v %+v", err1, err3)
	for _, secret := range []string{testSK, secToken, "IAM-TOKEN-must-not-leak", "Signature="} {
		assert.NotContains(t, out, secret)
	}
}

func TestSilentByDefault(t *testing.T) {
	t.Parallel()
	// Nothing to capture: the test proves the default logger is usable and
	// the client works without WithLogger.
	c, mt := newMockClient(t)
	mt.RegisterResponder(http.MethodGet, balancesURL, jsonResp(503, `{}`))
	_, err := c.Do(t.Context(), opQuery, nil, nil)
	assert.Error(t, err)
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	var mu sync.Mutex
	seen := map[string]bool{}
	// Every call's first attempt fails, so retries run concurrently too.
	mt.RegisterResponder(http.MethodGet, balancesURL, func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		first := !seen[r.URL.RawQuery]
		seen[r.URL.RawQuery] = true
		mu.Unlock()
		if first {
			return jsonResp(503, `{}`)(r)
		}
		return jsonResp(200, `{"ok":true}`)(r)
	})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out map[string]bool
			if _, err := c.Do(context.Background(), opQuery, &balanceParams{ResellerID: fmt.Sprint("r", i)}, &out); err != nil {
				errs <- err
				return
			}
			if !out["ok"] {
				errs <- errors.New("bad answer")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, 128, mt.GetTotalCallCount())
}

func TestReexportedHelpers(t *testing.T) {
	t.Parallel()
	a, err := hwpartner.ParseAmount("12.30")
	require.NoError(t, err)
	assert.True(t, a.Equal(hwpartner.AmountFromCents(1230)))
	assert.Equal(t, "5.00", hwpartner.AmountFromYuan(5).String())
	assert.Equal(t, "x", *hwpartner.Ptr("x"))
	e := &hwpartner.Error{Code: "CBC.99005003", StatusCode: 400}
	assert.True(t, hwpartner.IsInsufficientBalance(e))
	assert.True(t, hwpartner.IsNotFound(&hwpartner.Error{Code: "APIGW.0101", StatusCode: 404}))
	assert.True(t, hwpartner.IsThrottled(&hwpartner.Error{StatusCode: 429}))
	assert.False(t, hwpartner.IsAuth(e))
	assert.False(t, hwpartner.IsPermission(e))
	assert.False(t, hwpartner.IsOutcomeUnknown(e))
}
