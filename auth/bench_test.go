package auth_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hwpartner/go-hwpartner/auth"
)

// BenchmarkSignBSSPost signs a typical BSS POST: the fund-transfer call
// with the headers the client sends and a JSON body.
func BenchmarkSignBSSPost(b *testing.B) {
	s, err := auth.NewSigner("HWPTESTAKEXAMPLE0001", "hwpTestSecretKeyExampleAbCdEf0123456789Z")
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"indirect_partner_id":"3b5e0c4a1f2d4e6f8a9b0c1d2e3f4a5b","amount":"99.99"}`)
	req, err := http.NewRequest(http.MethodPost, "https://bss.myhuaweicloud.com/v2/accounts/partner-accounts/indirect-partner-adjust", nil)
	if err != nil {
		b.Fatal(err)
	}
	base := http.Header{
		"Content-Type": {"application/json"},
		"User-Agent":   {"go-hwpartner/0.1.0 (go1.24; linux/amd64)"},
		"X-Domain-Id":  {"0a1b2c3d4e5f60718293a4b5c6d7e8f9"},
	}
	at := time.Date(2024, 3, 15, 8, 9, 10, 0, time.UTC)
	req.Header = base
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Sign(req, body, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedactSecrets removes a temporary AK/SK's secrets from an
// error message, as the client does for every error it returns.
func BenchmarkRedactSecrets(b *testing.B) {
	const sk = "hwpTestSecretKeyExampleAbCdEf0123456789Z"
	const token = "gQpjbi1ub3J0aC00RnRva2VuX3NlY3JldA/+=="
	msg := "verify aksk signature fail|GET|/v2/x/||x-domain-id:dom|x-security-token:" + token +
		"|x-sdk-date:20240101T000000Z| the reseller 3b5e0c4a1f2d4e6f8a9b0c1d2e3f4a5b is not yours; key " + strings.ToLower(sk)
	b.ReportAllocs()
	for b.Loop() {
		_ = auth.RedactSecrets(msg, sk, token)
	}
}
