package bulk_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
	"github.com/hwpartner/go-hwpartner/bulk/journal"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// The crash test runs a job in a child process (this test binary again,
// told so by the environment), kills it with SIGKILL at random points and
// resumes it in a new child each time.
const (
	childEnv     = "BULK_CRASH_CHILD"
	childURL     = "BULK_CRASH_URL"
	childJournal = "BULK_CRASH_JOURNAL"
	childJob     = "BULK_CRASH_JOB"
	childPause   = "BULK_CRASH_PAUSE"
	crashRate    = 200 // requests per second per API, on both sides
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := crashChild(); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// announcing says on stdout when each journal write has returned, so the
// parent can kill the child right after one. From write pauseAt on, the
// first intent written stops its worker for good: killed then, the child
// dies between writing an intent and sending its request.
type announcing struct {
	bulk.Journal
	w       io.Writer
	pauseAt int
	n       *atomic.Int32
}

func (a announcing) Save(ctx context.Context, es ...bulk.Entry) error {
	err := a.Journal.Save(ctx, es...)
	n := int(a.n.Add(1))
	fmt.Fprintf(a.w, "saved %d %s\n", len(es), es[0].State)
	if a.pauseAt > 0 && n >= a.pauseAt && err == nil && es[0].State == bulk.Sending {
		fmt.Fprintln(a.w, "paused")
		select {}
	}
	return err
}

// crashChild plans (or finds planned) and runs the job.
func crashChild() error {
	ctx := context.Background()
	f, err := os.Open(os.Getenv(childJob))
	if err != nil {
		return err
	}
	job, err := bulk.ReadCSV(f)
	f.Close()
	if err != nil {
		return err
	}
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(hwpartnertest.DefaultAccessKey, hwpartnertest.DefaultSecretKey),
		hwpartner.WithEndpoint(os.Getenv(childURL)), hwpartner.WithRetry(2, time.Millisecond, 5*time.Millisecond),
		hwpartner.WithRateLimit("", crashRate))
	if err != nil {
		return err
	}
	j, err := journal.Open(os.Getenv(childJournal))
	if err != nil {
		return err
	}
	defer j.Close()
	pauseAt, _ := strconv.Atoi(os.Getenv(childPause))
	r, err := bulk.New(announcing{j, os.Stdout, pauseAt, new(atomic.Int32)}, bulk.Services{Funds: c.Funds, Vouchers: c.Vouchers},
		bulk.Config{Concurrency: 4, Settle: 300 * time.Millisecond, RetryWait: time.Millisecond})
	if err != nil {
		return err
	}
	if _, err := r.Plan(ctx, job); err != nil {
		return err
	}
	if _, err := r.Run(ctx); err != nil {
		return err
	}
	fmt.Println("done")
	return nil
}

func TestCrashAtRandomPointsResumesWithoutPayingTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs and kills child processes")
	}
	t.Parallel()
	const kills = 20
	e := newEnv(t, []hwpartnertest.Option{hwpartnertest.WithFlowControl(hwpartnertest.FlowControl{Default: crashRate})},
		hwpartner.WithRateLimit("", crashRate))
	dir := t.TempDir()
	jobPath, journalPath := filepath.Join(dir, "job.csv"), filepath.Join(dir, "job.journal")
	var csv strings.Builder
	csv.WriteString("id,kind,reseller_id,quota_id,amount,remark\n")
	for i, it := range e.mixedJob(t).Items {
		amount := it.Amount.String()
		if it.Kind == bulk.QuotaReclaim {
			amount = ""
		}
		fmt.Fprintf(&csv, "i%d,%s,%s,%s,%s,%s\n", i, it.Kind, it.ResellerID, it.QuotaID, amount, it.Remark)
	}
	require.NoError(t, os.WriteFile(jobPath, []byte(csv.String()), 0o600))

	seed := uint64(time.Now().UnixNano())
	t.Logf("kill points from seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))
	killed, runs := 0, 0
	for done := false; !done; runs++ {
		require.Less(t, runs, 200, "the job makes progress between kills")
		// Every other kill lands between an intent and its request; the
		// others right after a random write, racing the child.
		after := 1 + rng.IntN(6)
		pause := killed < kills && killed%2 == 1
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1", childURL+"="+e.srv.URL, childJournal+"="+journalPath, childJob+"="+jobPath)
		if pause {
			cmd.Env = append(cmd.Env, childPause+"="+strconv.Itoa(after))
		}
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		sc := bufio.NewScanner(out)
		writes, sent := 0, false
		for sc.Scan() {
			line := sc.Text()
			if line == "done" {
				done = true
			}
			writes++
			if !sent && (pause && line == "paused" || !pause && killed < kills && writes == after) {
				require.NoError(t, cmd.Process.Kill()) // SIGKILL
				killed, sent = killed+1, true
			}
		}
		err = cmd.Wait()
		if done {
			require.NoError(t, err, stderr.String())
		} else {
			require.Error(t, err, "killed: %s", stderr.String())
		}
	}
	assert.GreaterOrEqual(t, killed, kills)
	t.Logf("%d runs, %d killed; requests: %d transfers, %d reclaims, %d issue calls, %d quota reclaim calls",
		runs, killed, e.srv.RequestCount(opTransfer), e.srv.RequestCount(opReclaim), e.srv.RequestCount(opIssue), e.srv.RequestCount(opQuotaReclaim))

	j, err := journal.Open(journalPath)
	require.NoError(t, err)
	defer j.Close()
	lookups, resent := 0, 0
	for en, err := range bulk.Entries(t.Context(), j) {
		require.NoError(t, err)
		lookups += en.Lookups
		if en.Sends > 1 {
			resent++
		}
	}
	t.Logf("%d lookups of items left in flight; %d items sent again once proven not carried out", lookups, resent)
	assert.Positive(t, lookups, "kills left requests in flight, and they were looked up")
	assert.Positive(t, resent, "kills between an intent and its request left items that were sent again")
	assert.Zero(t, e.srv.Throttled(""))
	e.checkMixedJobOnce(t, j)
}
