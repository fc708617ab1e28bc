package bench

import (
	"context"
	"net/http"
	"runtime"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"
)

type maker func(tb testing.TB, endpoint string, rt http.RoundTripper) lister

var (
	sdk      maker = func(tb testing.TB, e string, rt http.RoundTripper) lister { return newSDK(tb, e, rt) }
	official maker = func(tb testing.TB, e string, rt http.RoundTripper) lister { return newOfficial(tb, e, rt) }
	nethttp  maker = func(tb testing.TB, e string, rt http.RoundTripper) lister { return newHand(tb, e, rt) }
)

func listOnce(b *testing.B, l lister, offset, want int) {
	n, _, err := l.list(context.Background(), offset, 100)
	if err != nil {
		b.Fatal(err)
	}
	if n != want {
		b.Fatalf("got %d resellers, want %d", n, want)
	}
}

// BenchmarkDecodePage: a page of 100 resellers from memory to values, the
// whole call without a network.
func BenchmarkDecodePage(b *testing.B) {
	rt := memory{page(100, 1000, 0)}
	for _, c := range []struct {
		name string
		make maker
	}{{"sdk", sdk}, {"official", official}, {"nethttp", nethttp}} {
		b.Run(c.name, func(b *testing.B) {
			l := c.make(b, "https://bss.example.test", rt)
			reportCPU(b, func() { listOnce(b, l, 0, 100) })
		})
	}
}

// BenchmarkList: Resellers.List(limit 100) against a canned server.
func BenchmarkList(b *testing.B) {
	srv := newCannedServer(b, page(100, 1000, 0))
	for _, c := range []struct {
		name string
		make maker
	}{{"sdk", sdk}, {"official", official}, {"nethttp", nethttp}} {
		b.Run(c.name, func(b *testing.B) {
			l := c.make(b, srv.URL, nil)
			reportCPU(b, func() { listOnce(b, l, 0, 100) })
		})
	}
}

// BenchmarkPerCall: an empty page, so the figure is the client's own work
// per call; compare cpu-ns/op with nethttp's.
func BenchmarkPerCall(b *testing.B) {
	srv := newCannedServer(b, []byte(`{"count":0,"indirect_partners":[]}`))
	for _, c := range []struct {
		name string
		make maker
	}{{"sdk", sdk}, {"official", official}, {"nethttp", nethttp}} {
		b.Run(c.name, func(b *testing.B) {
			l := c.make(b, srv.URL, nil)
			reportCPU(b, func() { listOnce(b, l, 0, 0) })
		})
	}
}

// BenchmarkPerCallMemory: PerCall without a network or server, so
// cpu-ns/op is the client's alone.
func BenchmarkPerCallMemory(b *testing.B) {
	rt := memory{[]byte(`{"count":0,"indirect_partners":[]}`)}
	for _, c := range []struct {
		name string
		make maker
	}{{"sdk", sdk}, {"official", official}, {"nethttp", nethttp}} {
		b.Run(c.name, func(b *testing.B) {
			l := c.make(b, "https://bss.example.test", rt)
			reportCPU(b, func() { listOnce(b, l, 0, 0) })
		})
	}
}

const million = 1_000_000

// BenchmarkListIter: 1,000,000 resellers page by page (10,000 calls) per
// op; peak-heap-MB is the largest live heap seen while walking.
func BenchmarkListIter(b *testing.B) {
	srv := newCannedServer(b, page(100, million, 0), page(100, million, 1))
	b.Run("sdk", func(b *testing.B) {
		l := newSDK(b, srv.URL, nil)
		walk(b, func(note func()) {
			n := 0
			for r, err := range l.c.Resellers.ListIter(context.Background(), nil) {
				if err != nil {
					b.Fatal(err)
				}
				if r.ID == "" {
					b.Fatal("reseller without id")
				}
				if n++; n%10_000 == 0 {
					note()
				}
			}
			if n != million {
				b.Fatalf("walked %d resellers", n)
			}
		})
	})
	b.Run("official", func(b *testing.B) {
		l := newOfficial(b, srv.URL, nil)
		walk(b, func(note func()) {
			n := 0
			for off, count := 0, 1; off < count; {
				o, c := int32(off), int32(100)
				resp, err := l.c.ListIndirectPartners(&model.ListIndirectPartnersRequest{Body: &model.QueryIndirectPartnersReq{Offset: &o, Limit: &c}})
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range *resp.IndirectPartners {
					if r.IndirectPartnerId == nil {
						b.Fatal("reseller without id")
					}
					if n++; n%10_000 == 0 {
						note()
					}
				}
				off += len(*resp.IndirectPartners)
				count = int(*resp.Count)
			}
			if n != million {
				b.Fatalf("walked %d resellers", n)
			}
		})
	})
}

func walk(b *testing.B, f func(note func())) {
	var peak uint64
	note := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	reportCPU(b, func() { f(note) })
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkConcurrent64: 64 callers at once through each client's default
// transport. new-conns counts the TCP connections the server accepted:
// a transport that keeps too few idle ones dials again and again.
func BenchmarkConcurrent64(b *testing.B) {
	srv := newCannedServer(b, []byte(`{"count":0,"indirect_partners":[]}`))
	for _, c := range []struct {
		name string
		make maker
	}{{"sdk", sdk}, {"official", official}} {
		b.Run(c.name, func(b *testing.B) {
			l := c.make(b, srv.URL, nil)
			before := srv.conns.Load()
			b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, _, err := l.list(context.Background(), 0, 0); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(srv.conns.Load()-before), "new-conns")
		})
	}
}
