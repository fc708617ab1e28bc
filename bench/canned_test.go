package bench

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const (
	testAK     = "AKBENCHMARK00001"
	testSK     = "sk-benchmark-secret-0001"
	testDomain = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	listPath   = "/v2/partners/indirect-partners/query"
)

// page is an answer of n resellers shaped like the API's, with count
// total; seed makes the ids of one page differ from another's.
func page(n, total, seed int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"count":%d,"indirect_partners":[`, total)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		k := seed*n + i
		name := fmt.Sprintf("Reseller %05d Trading Co., Ltd.", k)
		if k%2 == 1 {
			name = fmt.Sprintf("华为云经销商%05d有限公司", k)
		}
		fmt.Fprintf(&b, `{"indirect_partner_id":"0977ffa9f20010790f0fc003f69%05d","name":%q,"account_name":"reseller-%05d",`+
			`"mobile_phone":"+86-138%08d","email":"ops%05d@reseller.example","associated_on":"2024-03-%02dT08:%02d:00Z",`+
			`"account_manager_id":"li.na","account_manager_name":"Li Na"}`, k, name, k, k, k, k%28+1, k%60)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// cannedServer answers every list call with one of pages, chosen by the
// request's offset so that consecutive pages differ. It counts the TCP
// connections it accepts.
type cannedServer struct {
	*httptest.Server
	conns atomic.Int64
}

func newCannedServer(tb testing.TB, pages ...[]byte) *cannedServer {
	tb.Helper()
	cs := &cannedServer{}
	limit := 100
	cs.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		off := 0
		if i := bytes.Index(body, []byte(`"offset":`)); i >= 0 {
			rest := body[i+len(`"offset":`):]
			j := 0
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			off, _ = strconv.Atoi(string(rest[:j]))
		}
		p := pages[(off/limit)%len(pages)]
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-bench")
		w.Header().Set("Content-Length", strconv.Itoa(len(p)))
		w.Write(p)
	}))
	cs.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			cs.conns.Add(1)
		}
	}
	cs.Start()
	tb.Cleanup(cs.Close)
	return cs
}

// cpuTime is the CPU this process has used, user and system.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU runs f b.N times and reports the process CPU per op.
func reportCPU(b *testing.B, f func()) {
	b.ReportAllocs()
	start := cpuTime(b)
	b.ResetTimer()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}
