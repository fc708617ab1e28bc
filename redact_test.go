package hwpartner_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

const (
	leakSK       = "hwpLeakSecretKey0123456789abcdefABCDEF"
	leakSecToken = "SecTok-leak-0123456789"
	leakToken    = "IAMTok-leak-0123456789"
	leakPassword = "Pw-leak-2024!"
)

// echoes returns what a gateway, proxy or IAM might answer with the
// request's credentials in it, in each shape that was seen to leak.
func echoes(r *http.Request, own ...string) map[string]httpmock.Responder {
	authz := r.Header.Get("Authorization")
	tok := r.Header.Get("X-Auth-Token") + r.Header.Get("X-Security-Token")
	jsonMsg := func(msg string) string {
		b, _ := json.Marshal(map[string]string{"error_code": "APIGW.0301", "error_msg": msg})
		return string(b)
	}
	html := func(status int, page string) httpmock.Responder {
		return func(req *http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(status, page)
			resp.Header.Set("Content-Type", "text/html")
			resp.Request = req
			return resp, nil
		}
	}
	free := "request refused"
	for _, o := range own {
		free += " for " + o + ", " + strings.ToUpper(o) + " and " + url.QueryEscape(o)
	}
	return map[string]httpmock.Responder{
		"json header":     jsonResp(401, jsonMsg(`headers {"X-Auth-Token":"`+tok+`","X-Security-Token":"`+tok+`"}`)),
		"json list":       jsonResp(401, jsonMsg(`headers {"X-Security-Token":["`+tok+`"],"X-Auth-Token":["`+tok+`"]}`)),
		"authorization":   jsonResp(401, jsonMsg("Authorization: "+authz+"|x-sdk-date:20240101T000000Z")),
		"html page":       html(502, "<html><body><h1>Bad Gateway</h1><pre>Authorization: "+authz+"\nX-Auth-Token: "+tok+"\nX-Security-Token: "+tok+"</pre></body></html>"),
		"url encoded":     html(400, "bad request: "+url.QueryEscape("Authorization: "+authz+"&X-Security-Token="+tok)),
		"own secrets":     jsonResp(400, jsonMsg(free)),
		"own secrets raw": html(500, free),
	}
}

// Whatever a server echoes, no error of the client carries a credential:
// not the secret key, the security token, the token, the password, nor the
// signature after the first comma of Authorization.
func TestErrorsNeverCarryEchoedCredentials(t *testing.T) {
	t.Parallel()
	kinds := map[string]struct {
		opts    []hwpartner.Option
		secrets []string
	}{
		"temporary keys": {[]hwpartner.Option{hwpartner.WithTemporaryAKSK(testAK, leakSK, leakSecToken)}, []string{leakSK, leakSecToken}},
		"token":          {[]hwpartner.Option{hwpartner.WithToken(leakToken)}, []string{leakToken}},
		"password":       {[]hwpartner.Option{hwpartner.WithPassword("ops", leakPassword, "acme")}, []string{leakPassword, leakToken}},
		// Credentials of the program's own: what was sent is still known.
		"custom": {[]hwpartner.Option{hwpartner.WithCredentials(headerToken(leakToken))}, []string{leakToken}},
	}
	for kind, k := range kinds {
		for _, op := range []*hwpartner.Operation{opQuery, opMoney} {
			probe := httpmock.NewMockTransport()
			var sent *http.Request
			probe.RegisterNoResponder(func(r *http.Request) (*http.Response, error) { sent = r; return jsonResp(200, `{}`)(r) })
			probe.RegisterResponder(http.MethodPost, testURL+"/v3/auth/tokens", iamToken(""))
			c := clientOver(t, probe, k.opts)
			_, _ = c.Do(t.Context(), op, params(op), nil)
			require.NotNil(t, sent)

			for shape, answer := range echoes(sent, k.secrets...) {
				mt := httpmock.NewMockTransport()
				mt.RegisterResponder(http.MethodPost, testURL+"/v3/auth/tokens", iamToken(""))
				mt.RegisterResponder(op.Method, testURL+op.Path, answer)
				c := clientOver(t, mt, k.opts)
				_, err := c.Do(t.Context(), op, params(op), nil)
				require.Error(t, err, shape)
				out := err.Error() + fmt.Sprintf(" %v %+v", err, err)
				var apiErr *hwpartner.Error
				if errors.As(err, &apiErr) {
					out += " " + string(apiErr.Body) // the body kept for data is cleaned too
				}
				for _, s := range append(k.secrets, signatureOf(sent)) {
					if s != "" {
						assert.NotContains(t, out, s, "%s, %s, %s: %s", kind, op.Name, shape, out)
					}
				}
			}
		}
	}
}

// IAM may echo the password it refused.
func TestIAMRefusalNeverCarriesThePassword(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testURL+"/v3/auth/tokens",
		iamToken(`{"error":{"code":401,"message":"password `+leakPassword+` of user ops is wrong: {\"password\":\"`+leakPassword+`\"}","title":"Unauthorized"}}`))
	c := clientOver(t, mt, []hwpartner.Option{hwpartner.WithPassword("ops", leakPassword, "acme")})
	_, err := c.Do(t.Context(), opQuery, nil, nil)
	require.True(t, hwpartner.IsAuth(err), "%v", err)
	assert.NotContains(t, err.Error(), leakPassword)
	assert.Contains(t, err.Error(), "of user ops is wrong")
}

// The per-item messages of a 200 answer are server text too.
func TestItemFailuresNeverCarryEchoedCredentials(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testURL+"/v2/partners/coupon-quotas/indirect-partner-adjust", func(r *http.Request) (*http.Response, error) {
		msg := "refused for key " + leakSK + " with X-Security-Token:" + r.Header.Get("X-Security-Token")
		body, _ := json.Marshal(map[string]any{"error_details": []map[string]string{{"id": "r1", "error_code": "CBC.99000012", "error_msg": msg}}})
		return jsonResp(200, string(body))(r)
	})
	c := clientOver(t, mt, []hwpartner.Option{hwpartner.WithTemporaryAKSK(testAK, leakSK, leakSecToken)})
	res, err := c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: "q1", ResellerIDs: []string{"r1"}, Amount: hwpartner.AmountFromCents(100)})
	var partial *vouchers.PartialError
	require.ErrorAs(t, err, &partial)
	out := err.Error() + fmt.Sprintf("%+v", res.Failures)
	assert.NotContains(t, out, leakSK)
	assert.NotContains(t, out, leakSecToken)
	assert.Contains(t, out, "CBC.99000012")
}

func clientOver(t *testing.T, mt *httpmock.MockTransport, opts []hwpartner.Option) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(append([]hwpartner.Option{hwpartner.WithEndpoint(testURL), hwpartner.WithTransport(mt),
		hwpartner.WithRetry(0, 0, 0)}, opts...)...)
	require.NoError(t, err)
	return c
}

// iamToken issues leakToken, or refuses with body when body is set.
func iamToken(body string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		if body != "" {
			return jsonResp(401, body)(r)
		}
		resp := httpmock.NewStringResponse(201, `{"token":{"expires_at":"`+time.Now().Add(24*time.Hour).UTC().Format(time.RFC3339)+`"}}`)
		resp.Header.Set("X-Subject-Token", leakToken)
		return resp, nil
	}
}

func params(op *hwpartner.Operation) any {
	if op.MovesMoney {
		return transfer()
	}
	return nil
}

func signatureOf(r *http.Request) string {
	_, sig, _ := strings.Cut(r.Header.Get("Authorization"), "Signature=")
	return sig
}

// headerToken is credentials the SDK knows nothing about.
type headerToken string

func (h headerToken) Authorize(_ context.Context, req *http.Request, _ []byte, _ time.Time) error {
	req.Header.Set("X-Auth-Token", string(h))
	return nil
}
