package core_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/core"
)

func TestParseErrorShapes(t *testing.T) {
	t.Parallel()
	hdr := http.Header{"X-Request-Id": {"rid-1"}}
	for _, tc := range []struct {
		name      string
		status    int
		header    http.Header
		body      string
		code, msg string
		requestID string
		class     error
	}{
		{"bss", 400, hdr, `{"error_code":"CBC.99005003","error_msg":"Insufficient balance."}`, "CBC.99005003", "Insufficient balance.", "rid-1", core.ErrInsufficientBalance},
		{"apigw", 401, http.Header{}, `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"rid-2"}`, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail", "rid-2", core.ErrAuth},
		{"iam numeric code", 401, hdr, `{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}`, "401", "The username or password is wrong.", "rid-1", core.ErrAuth},
		{"iam string code", 400, hdr, `{"error":{"code":"1101","message":"Invalid input."}}`, "1101", "Invalid input.", "rid-1", core.ErrInvalidRequest},
		{"alternative shape", 403, hdr, `{"code":"CBC.0151","message":"Access denied."}`, "CBC.0151", "Access denied.", "rid-1", core.ErrPermission},
		{"html from a proxy", 502, hdr, "<html>\n<body>Bad Gateway</body></html>", "", "<html> <body>Bad Gateway</body></html>", "rid-1", nil},
		{"empty", 503, hdr, ``, "", "Service Unavailable", "rid-1", nil},
		{"not found", 404, hdr, `{"error_code":"APIGW.0101","error_msg":"The API does not exist."}`, "APIGW.0101", "The API does not exist.", "rid-1", core.ErrNotFound},
		{"code before status", 200, hdr, `{"error_code":"CBC.5001","error_msg":"not a partner"}`, "CBC.5001", "not a partner", "rid-1", core.ErrPermission},
		{"throttled", 429, hdr, `{"error_code":"CBC.0250","error_msg":"flow control"}`, "CBC.0250", "flow control", "rid-1", core.ErrThrottled},
		// APIG(W).0308 is the gateway's flow control (spec §12), not token expiry.
		{"gateway throttled", 429, hdr, `{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second"}`, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second", "rid-1", core.ErrThrottled},
		{"gateway throttled legacy", 429, hdr, `{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}`, "APIG.0308", "The throttling threshold has been reached", "rid-1", core.ErrThrottled},
		{"expired token apig", 401, hdr, `{"error_code":"APIG.0301","error_msg":"x_auth_token is expired"}`, "APIG.0301", "x_auth_token is expired", "rid-1", core.ErrAuth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := core.ParseError(tc.status, tc.header, []byte(tc.body))
			assert.Equal(t, tc.status, e.StatusCode)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.msg, e.Message)
			assert.Equal(t, tc.requestID, e.RequestID)
			for _, c := range []error{core.ErrThrottled, core.ErrAuth, core.ErrPermission, core.ErrNotFound, core.ErrInsufficientBalance, core.ErrInvalidRequest} {
				assert.Equal(t, c == tc.class, errors.Is(e, c), "class %v", c)
			}
			assert.False(t, core.IsOutcomeUnknown(e))
		})
	}
}

func TestErrorClassHelpers(t *testing.T) {
	t.Parallel()
	wrap := func(code string, status int) error {
		return fmt.Errorf("context: %w", &core.Error{Code: code, StatusCode: status})
	}
	assert.True(t, core.IsThrottled(wrap("CBC.0250", 400)))
	assert.True(t, core.IsThrottled(wrap("", 429)))
	assert.True(t, core.IsAuth(wrap("CBC.0154", 401)))
	assert.True(t, core.IsAuth(wrap("APIGW.0303", 401)))
	assert.True(t, core.IsPermission(wrap("CBC.99000037", 400)))
	assert.True(t, core.IsPermission(wrap("CBC.99005035", 400)))
	assert.True(t, core.IsNotFound(wrap("CBC.5002", 500)))
	assert.True(t, core.IsInsufficientBalance(wrap("CBC.99005003", 400)))
	assert.False(t, core.IsInsufficientBalance(wrap("CBC.0100", 400)))
	assert.True(t, core.HasCode(wrap("CBC.0100", 400), "CBC.0100"))
	assert.False(t, core.HasCode(errors.New("x"), "CBC.0100"))
	assert.True(t, core.IsOutcomeUnknown(&core.Error{StatusCode: 503, OutcomeUnknown: true}))
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	e := &core.Error{StatusCode: 400, Code: "CBC.99005003", Message: "Insufficient balance.", RequestID: "r1",
		Service: "funds", Operation: "UpdateIndirectPartnerAccount"}
	assert.Equal(t, "hwpartner: funds.UpdateIndirectPartnerAccount: CBC.99005003 (HTTP 400): Insufficient balance. [request id r1]", e.Error())
	e = &core.Error{StatusCode: 503, Operation: "X", OutcomeUnknown: true, Check: "read the records"}
	assert.Contains(t, e.Error(), "outcome unknown")
	assert.Contains(t, e.Error(), "read the records")
}

func TestOperationErrorWrapsCause(t *testing.T) {
	t.Parallel()
	err := error(&core.OperationError{Service: "funds", Operation: "UpdateIndirectPartnerAccount", Err: context.DeadlineExceeded, OutcomeUnknown: true, Check: "see records"})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, core.ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "funds.UpdateIndirectPartnerAccount: context deadline exceeded")
	assert.Contains(t, err.Error(), "see records")

	err = &core.OperationError{Operation: "ListIndirectPartners", Err: context.Canceled}
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, core.IsOutcomeUnknown(err))
}

func TestRedactMessage(t *testing.T) {
	t.Parallel()
	msg := "verify aksk signature fail, canonical request: GET|/v2/x/||x-domain-id:abc|x-security-token:SECRETTOKEN123|x-sdk-date:20240101T000000Z||x-domain-id;x-security-token;x-sdk-date|e3b0"
	out := core.RedactMessage(msg)
	assert.NotContains(t, out, "SECRETTOKEN123")
	assert.Contains(t, out, "x-security-token:[REDACTED]")
	assert.Contains(t, out, "x-domain-id:abc")
	assert.Contains(t, out, "x-sdk-date:20240101T000000Z")

	e := core.ParseError(401, http.Header{}, []byte(`{"error_code":"APIGW.0301","error_msg":"`+msg+`"}`))
	assert.NotContains(t, e.Error(), "SECRETTOKEN123")
	assert.NotContains(t, core.RedactMessage("X-Auth-Token: abc.def"), "abc.def")
	require.NotContains(t, core.RedactMessage("Authorization=SDK-HMAC-SHA256 Access=AK"), "Access=AK")
}

func TestParseErrorKeepsTheStartOfTheBody(t *testing.T) {
	t.Parallel()
	body := `{"error_code":"CBC.99000050","error_msg":"timed out","domain_id":"d1","domain_name":"n1"}`
	e := core.ParseError(500, http.Header{}, []byte(body))
	assert.JSONEq(t, body, string(e.Body))
	big := make([]byte, core.MaxErrorBody+10)
	for i := range big {
		big[i] = 'x'
	}
	e = core.ParseError(502, http.Header{}, big)
	assert.Len(t, e.Body, core.MaxErrorBody)
	big[0] = 'y'
	assert.Equal(t, byte('x'), e.Body[0], "a copy, not the caller's buffer")
	assert.Nil(t, core.ParseError(503, http.Header{}, nil).Body)
	// %#v prints the one line, never the body.
	e = core.ParseError(400, http.Header{}, []byte(`{"error_code":"CBC.0100","error_msg":"bad","echo":"13800000000"}`))
	assert.Equal(t, e.Error(), fmt.Sprintf("%#v", e))
	assert.NotContains(t, fmt.Sprintf("%#v %v %+v", e, e, e), "13800000000")
}
