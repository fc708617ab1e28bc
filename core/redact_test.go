package core_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hwpartner/go-hwpartner/core"
)

const (
	tokenValue = "MIIEvQYJKoZIhvcNAQcCoIIErjCCBKoCAQExDTALBglghkgBZQMEAgEwggKrBgkq"
	secTok     = "gQpjbi1ub3J0aC00RnRva2VuX3NlY3JldA"
	sigHex     = "2cc0ee12cbc5fd92de777e347b90a4cfde06ab96ef94cde6bae028a9d856cf82"
	pass       = "Hunter2-pass"
	skValue    = "hwpTestSecretKeyExampleAbCdEf0123456789Z"
)

// Every shape of echo a gateway, proxy or IAM was seen or could be
// expected to produce.
var echoes = map[string]string{
	"canonical request":  "verify aksk signature fail|GET|/v2/x/||x-domain-id:dom|x-security-token:" + secTok + "|x-sdk-date:20240101T000000Z|",
	"header line":        "X-Auth-Token: " + tokenValue,
	"lower case":         "x-auth-token=" + tokenValue,
	"upper case":         "X-AUTH-TOKEN : " + tokenValue,
	"json":               `{"X-Auth-Token":"` + tokenValue + `"}`,
	"json spaced":        `{ "x-auth-token" : "` + tokenValue + `" }`,
	"json array":         `{"X-Security-Token":["` + secTok + `"]}`,
	"go header map":      "map[X-Security-Token:[" + secTok + "] X-Sdk-Date:[20240101T000000Z]]",
	"escaped json":       `{\"X-Security-Token\":\"` + secTok + `\"}`,
	"single quotes":      `{'password': '` + pass + `'}`,
	"form":               "user=ops&password=" + pass + "&domain=acme",
	"url encoded":        url.QueryEscape(`{"password":"` + pass + `"}`),
	"url encoded header": "X-Auth-Token%3A%20" + url.QueryEscape(tokenValue),
	"double encoded":     url.QueryEscape(url.QueryEscape("password=" + pass)),
	"authorization":      "Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=" + sigHex,
	"authorization json": `{"Authorization":"SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=` + sigHex + `"}`,
	"authorization list": "map[Authorization:[SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=" + sigHex + "]]",
	"signature alone":    "signature mismatch: Signature=" + sigHex,
	"secret key":         `{"secret_key":"` + skValue + `"}`,
	"camel case":         `{"secretAccessKey":"` + skValue + `","sessionToken":"` + secTok + `"}`,
	"xml":                "<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>" + sigHex + "</SignatureProvided><SecurityToken>" + secTok + "</SecurityToken></Error>",
	"html table":         "<html><body><table><tr><th>X-Auth-Token</th><td>" + tokenValue + "</td></tr></table></body></html>",
	"html entities":      "<pre>{&quot;X-Auth-Token&quot;:&quot;" + tokenValue + "&quot;}</pre>",
	"free text token":    "the token " + tokenValue + " has expired",
	"free text hex":      "expected signature " + sigHex + " differs",
	"cut off":            `{"X-Auth-Token":"` + tokenValue[:20],
}

var secretsInEchoes = []string{tokenValue, tokenValue[:20], secTok, sigHex, pass, skValue, url.QueryEscape(tokenValue)}

func TestRedactMessageRemovesEveryEchoedShape(t *testing.T) {
	t.Parallel()
	for name, msg := range echoes {
		out := core.RedactMessage(msg)
		for _, s := range secretsInEchoes {
			assert.NotContains(t, out, s, "%s: %s", name, out)
		}
		assert.Contains(t, out, "[REDACTED]", name)
	}
	// What is not secret stays readable.
	out := core.RedactMessage(echoes["canonical request"])
	assert.Contains(t, out, "x-domain-id:dom")
	assert.Contains(t, out, "x-sdk-date:20240101T000000Z")
	out = core.RedactMessage(echoes["authorization"])
	assert.Equal(t, "Authorization: [REDACTED]", out)
	for _, keep := range []string{
		"calc aksk signature fail:signature expired, signature time:20211217T064303Z,server time:20211217T065804Z",
		"the reseller 3b5e0c4a1f2d4e6f8a9b0c1d2e3f4a5b is not yours",
		"POST /v2/partners/coupon-quotas/indirect-partner-adjust/and-some-more-path-segments failed",
		"insufficient balance (CBC.99005003)",
	} {
		assert.Equal(t, keep, core.RedactMessage(keep))
	}
}

func TestParseErrorRedactsEveryBody(t *testing.T) {
	t.Parallel()
	for name, msg := range echoes {
		for _, body := range []string{
			msg, // not JSON: an HTML page, a proxy's text
			`{"error_code":"APIGW.0301","error_msg":` + jsonString(msg) + `}`,
			`{"error":{"code":401,"message":` + jsonString(msg) + `,"title":"Unauthorized"}}`,
			`{"code":"APIGW.0301","message":` + jsonString(msg) + `}`,
		} {
			e := core.ParseError(http.StatusUnauthorized, http.Header{}, []byte(body))
			for _, s := range secretsInEchoes {
				assert.NotContains(t, e.Error(), s, "%s: %s", name, e.Error())
			}
		}
	}
	// A long HTML page is redacted before it is cut to a snippet, so a
	// token cut short is still recognised.
	page := strings.Repeat("<p>filler</p>", 14) + "<pre>Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=" + sigHex + "</pre>"
	e := core.ParseError(http.StatusBadGateway, http.Header{}, []byte(page))
	assert.NotContains(t, e.Error(), sigHex[:8])
	assert.NotContains(t, e.Error(), "Signature=")
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// BenchmarkParseErrorHTMLPage decodes a proxy's 64 KB error page: only its
// start is redacted and shown, so the cost does not grow with the page.
func BenchmarkParseErrorHTMLPage(b *testing.B) {
	page := []byte("<html><body><pre>X-Auth-Token: " + tokenValue + "</pre>" + strings.Repeat("<p>filler text</p>", 64<<10/18) + "</body></html>")
	b.ReportAllocs()
	for b.Loop() {
		_ = core.ParseError(http.StatusBadGateway, http.Header{}, page)
	}
}

// BenchmarkParseErrorGatewayEcho decodes a gateway's refusal that echoes
// its canonical request.
func BenchmarkParseErrorGatewayEcho(b *testing.B) {
	body := []byte(`{"error_code":"APIGW.0301","error_msg":` + jsonString(echoes["canonical request"]) + `}`)
	b.ReportAllocs()
	for b.Loop() {
		_ = core.ParseError(http.StatusUnauthorized, http.Header{}, body)
	}
}

// BenchmarkRedactMessage redacts each echoed shape, a message that names
// no secret, and a 4 KB body (the most ParseError redacts) that mixes
// both.
func BenchmarkRedactMessage(b *testing.B) {
	var all []string
	for _, msg := range echoes {
		all = append(all, msg)
	}
	b.Run("echoes", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, msg := range all {
				_ = core.RedactMessage(msg)
			}
		}
	})
	b.Run("clean", func(b *testing.B) {
		msg := "the reseller 3b5e0c4a1f2d4e6f8a9b0c1d2e3f4a5b has insufficient balance (CBC.99005003), request 9f1c2d3e"
		b.ReportAllocs()
		for b.Loop() {
			_ = core.RedactMessage(msg)
		}
	})
	b.Run("body4k", func(b *testing.B) {
		var body strings.Builder
		for body.Len() < core.MaxErrorBody {
			for _, msg := range all {
				body.WriteString(msg)
				body.WriteString("\n<p>the request could not be completed, try again later</p>\n")
			}
		}
		msg := body.String()[:core.MaxErrorBody]
		b.SetBytes(int64(len(msg)))
		b.ReportAllocs()
		for b.Loop() {
			_ = core.RedactMessage(msg)
		}
	})
}
