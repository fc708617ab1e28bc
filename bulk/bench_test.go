package bulk_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
	"github.com/hwpartner/go-hwpartner/bulk/journal"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// BenchmarkThousandTransfersAtTheQuota runs 1,000 transfers through a
// bbolt journal against a fake that refuses what goes over its quota. At
// 10/s the floor is 100 s: run it with -benchtime 1x.
func BenchmarkThousandTransfersAtTheQuota(b *testing.B) {
	for _, quota := range []int{10, 100} {
		b.Run(fmt.Sprintf("quota=%d", quota), func(b *testing.B) {
			const n = 1000
			for range b.N {
				srv, err := hwpartnertest.Start(hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{Default: quota}))
				if err != nil {
					b.Fatal(err)
				}
				job := &bulk.Job{}
				for i := range n {
					id := fmt.Sprintf("r-%04d", i)
					if err := srv.SeedReseller(hwpartnertest.IndirectPartner{ID: id}); err != nil {
						b.Fatal(err)
					}
					job.Items = append(job.Items, bulk.Item{Kind: bulk.Transfer, ResellerID: id, Amount: hwpartner.AmountFromYuan(1)})
				}
				if err := srv.SetBalance(srv.DomainID(), hwpartnertest.Yuan(1000000)); err != nil {
					b.Fatal(err)
				}
				opts := []hwpartner.Option{hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL)}
				if quota != 10 { // 10/s is the client's documented default
					opts = append(opts, hwpartner.WithRateLimit("UpdateIndirectPartnerAccount", float64(quota)))
				}
				c, err := hwpartner.NewClient(opts...)
				if err != nil {
					b.Fatal(err)
				}
				j, err := journal.Open(filepath.Join(b.TempDir(), "j"))
				if err != nil {
					b.Fatal(err)
				}
				r, err := bulk.New(j, bulk.Services{Funds: c.Funds}, bulk.Config{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.Plan(context.Background(), job); err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				p, err := r.Run(context.Background())
				elapsed := time.Since(start)
				if err != nil || p.Done != n {
					b.Fatalf("%v: %s", err, p)
				}
				floor := time.Duration(n) * time.Second / time.Duration(quota)
				b.ReportMetric(elapsed.Seconds(), "s/job")
				b.ReportMetric(100*(elapsed-floor).Seconds()/floor.Seconds(), "%over-floor")
				b.ReportMetric(float64(srv.Throttled("")), "refusals")
				j.Close()
				srv.Close()
			}
		})
	}
}

// instant carries every item out at once, to measure the runner and its
// journal without an API.
type instant struct{}

func (instant) Send(_ context.Context, items []bulk.Item) []bulk.Outcome {
	out := make([]bulk.Outcome, len(items))
	for i := range out {
		out[i].TransactionID = "AD0000000001"
	}
	return out
}

func (instant) Resolve(_ context.Context, l bulk.Lookup) ([]bulk.Finding, error) {
	return make([]bulk.Finding, len(l.Items)), nil
}

func instantJob(n int) *bulk.Job {
	job := &bulk.Job{Items: make([]bulk.Item, n)}
	for i := range job.Items {
		job.Items[i] = bulk.Item{Kind: bulk.CustomerTransfer, CustomerID: fmt.Sprintf("c-%07d", i), Amount: hwpartner.AmountFromCents(int64(100 + i))}
	}
	return job
}

func instantRunner(b *testing.B, j bulk.Journal) *bulk.Runner {
	r, err := bulk.New(j, bulk.Services{}, bulk.Config{Executors: map[bulk.Kind]bulk.Executor{bulk.CustomerTransfer: instant{}}})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkJournalPerItem is the runner's cost per item (two journal
// writes, intent and outcome) with the bbolt journal, synced to disk, and
// with the journal in memory.
func BenchmarkJournalPerItem(b *testing.B) {
	for _, kind := range []string{"bbolt", "memory"} {
		b.Run(kind, func(b *testing.B) {
			var j bulk.Journal = bulk.NewMemoryJournal()
			if kind == "bbolt" {
				db, err := journal.Open(filepath.Join(b.TempDir(), "j"))
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				j = db
			}
			r := instantRunner(b, j)
			if _, err := r.Plan(context.Background(), instantJob(b.N)); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if p, err := r.Run(context.Background()); err != nil || p.Done != b.N {
				b.Fatalf("%v: %s", err, p)
			}
		})
	}
}

// BenchmarkRunMemory runs jobs of 10,000 and 100,000 items through the
// bbolt journal and reports the largest heap seen during Run: flat when
// it does not grow with the job.
func BenchmarkRunMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			for range b.N {
				db, err := journal.Open(filepath.Join(b.TempDir(), "j"))
				if err != nil {
					b.Fatal(err)
				}
				r := instantRunner(b, db)
				if _, err := r.Plan(context.Background(), instantJob(n)); err != nil {
					b.Fatal(err)
				}
				runtime.GC() // the job itself is gone: only the run counts
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				var peak atomic.Uint64
				stop := make(chan struct{})
				sampled := make(chan struct{})
				go func() {
					defer close(sampled)
					t := time.NewTicker(20 * time.Millisecond)
					defer t.Stop()
					var m runtime.MemStats
					for {
						runtime.ReadMemStats(&m)
						peak.Store(max(peak.Load(), m.HeapInuse))
						select {
						case <-stop:
							return
						case <-t.C:
						}
					}
				}()
				p, err := r.Run(context.Background())
				close(stop)
				<-sampled
				if err != nil || p.Done != n {
					b.Fatalf("%v: %s", err, p)
				}
				b.ReportMetric(float64(base.HeapInuse)/(1<<20), "MB-heap-before")
				b.ReportMetric(float64(peak.Load())/(1<<20), "MB-heap-peak")
				db.Close()
			}
		})
	}
}
