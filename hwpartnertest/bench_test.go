package hwpartnertest_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// discard is a ResponseWriter that keeps nothing but the status, so the
// benchmarks measure the fake, not a recorder.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(status int)      { d.status = status }

// benchClock is the fake's fixed clock; requests are signed at it.
var benchClock = time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)

// signedRequest builds a request signed with the default distributor's
// keys, as the SDK sends it.
func signedRequest(b *testing.B, method, url string, body []byte) *http.Request {
	b.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("User-Agent", "go-hwpartner/bench")
	req.Header.Set(auth.HeaderDomainID, hwpartnertest.DefaultDomainID)
	s, err := auth.NewSigner(hwpartnertest.DefaultAccessKey, hwpartnertest.DefaultSecretKey)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Sign(req, body, benchClock); err != nil {
		b.Fatal(err)
	}
	req.Host = req.URL.Host
	return req
}

func benchServer(b *testing.B, opts ...hwpartnertest.Option) *hwpartnertest.Server {
	b.Helper()
	srv := hwpartnertest.NewServer(b, append([]hwpartnertest.Option{
		hwpartnertest.WithClock(func() time.Time { return benchClock })}, opts...)...)
	srv.SeedDemo()
	return srv
}

// reportCPU reports the process's CPU time per iteration since start,
// garbage collection included, as cpu-ns/op.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkServeSigned is the fake's CPU per signed request, handler only
// (no network): what one core spends per request.
func BenchmarkServeSigned(b *testing.B) {
	cases := []struct {
		name, method, path, body string
		status                   int
	}{
		{"balance", http.MethodGet, "/v2/accounts/partner-accounts/balances?indirect_partner_id=" + hwpartnertest.DemoReseller1, "", 200},
		{"transfer", http.MethodPost, "/v2/accounts/partner-accounts/indirect-partner-adjust",
			`{"indirect_partner_id":"` + hwpartnertest.DemoReseller1 + `","amount":"0.01"}`, 200},
		{"resellers-10", http.MethodPost, "/v2/partners/indirect-partners/query", `{"offset":0,"limit":10}`, 200},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			srv := benchServer(b)
			body := []byte(c.body)
			req := signedRequest(b, c.method, srv.URL+c.path, body)
			rd := bytes.NewReader(body)
			req.Body = io.NopCloser(rd)
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				rd.Reset(body)
				clear(w.h)
				srv.ServeHTTP(w, req)
				if w.status != c.status {
					b.Fatalf("status %d", w.status)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkLoopback compares one signed balance query to the fake over
// loopback TCP with the same request to a bare net/http server that
// answers a fixed body: the difference is what the fake adds.
func BenchmarkLoopback(b *testing.B) {
	run := func(b *testing.B, url string) {
		req := signedRequest(b, http.MethodGet, url+"/v2/accounts/partner-accounts/balances?indirect_partner_id="+hwpartnertest.DemoReseller1, nil)
		hc := &http.Client{}
		b.ReportAllocs()
		cpu := cpuTime()
		defer reportCPU(b, cpu)
		for b.Loop() {
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	}
	b.Run("fake", func(b *testing.B) { run(b, benchServer(b).URL) })
	b.Run("bare", func(b *testing.B) {
		answer := []byte(`{"account_balances":[{"account_id":"acct","account_type":1,"amount":5000.00,"currency":"CNY","measure_id":1,"designated_amount":0}]}`)
		bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			_, _ = w.Write(answer)
		}))
		b.Cleanup(bare.Close)
		run(b, bare.URL)
	})
}

// BenchmarkListResellersPage is one page of 100 from the end of 40,000
// resellers: its cost must not grow with the number of resellers, or
// listing them all is quadratic.
func BenchmarkListResellersPage(b *testing.B) {
	srv := benchServer(b)
	for i := range 40_000 {
		if err := srv.SeedReseller(hwpartnertest.IndirectPartner{ID: fmt.Sprintf("r-%06d", i), Name: "Reseller", AccountName: fmt.Sprintf("acct-%06d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	body := []byte(`{"offset":39900,"limit":100}`)
	req := signedRequest(b, http.MethodPost, srv.URL+"/v2/partners/indirect-partners/query", body)
	rd := bytes.NewReader(body)
	req.Body = io.NopCloser(rd)
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		clear(w.h)
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}
