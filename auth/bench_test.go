package auth_test

import (
	"net/http"
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
