package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// asCommand makes the test binary run main instead of the tests: the
// process test below runs the command without building it again.
const asCommand = "HWPARTNER_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// TestBuiltBinary runs hwpartner as a process, as a user would: exit codes
// from the process, the environment, and a real SIGINT. The commands' own
// behaviour is tested in process (package cli).
func TestBuiltBinary(t *testing.T) {
	t.Parallel()
	bin, err := os.Executable()
	require.NoError(t, err)
	srv := hwpartnertest.NewServer(t)
	srv.SeedDemo()
	env := append(os.Environ(), asCommand+"=1",
		"HUAWEICLOUD_SDK_AK="+srv.AccessKey(), "HUAWEICLOUD_SDK_SK="+srv.SecretKey(),
		"HWPARTNER_ENDPOINT="+srv.URL, "HOME="+t.TempDir(), "HWPARTNER_PROFILE=", "HWPARTNER_CONFIG=")
	run := func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), out.String(), errb.String()
		}
		require.NoError(t, err)
		return 0, out.String(), errb.String()
	}

	code, out, stderr := run("resellers", "list", "-o", "csv")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, hwpartnertest.DemoReseller1+",Acme Cloud Services,acme-cloud,")

	code, _, stderr = run("transfer", hwpartnertest.DemoReseller1, "10")
	assert.Equal(t, 2, code, "stdin is not a terminal: no --yes, no transfer")
	assert.Contains(t, stderr, "pass --yes")

	srv.InjectFault("UpdateIndirectPartnerAccount", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	code, _, stderr = run("transfer", hwpartnertest.DemoReseller1, "10", "--yes")
	require.Equal(t, 3, code, stderr)
	var resolve string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "hwpartner resolve transfer") {
			resolve = strings.TrimSpace(l)
		}
	}
	require.NotEmpty(t, resolve, stderr)
	code, out, stderr = run(strings.Fields(resolve)[1:]...)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "recorded")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5010.00"), srv.Balance(hwpartnertest.DemoReseller1), "moved once")

	code, _, _ = run("no-such-command")
	assert.Equal(t, 2, code)

	// Ctrl-C while a list waits for the API stops cleanly and says how to
	// go on.
	srv.InjectFault("ListPartnerAdjustRecords", hwpartnertest.Fault{Latency: time.Hour, Times: 1})
	cmd := exec.Command(bin, "records")
	cmd.Env = env
	var errb bytes.Buffer
	cmd.Stderr = &errb
	before := srv.RequestCount("ListPartnerAdjustRecords")
	require.NoError(t, cmd.Start())
	// The signal handler is installed before the first request leaves.
	for deadline := time.Now().Add(30 * time.Second); srv.RequestCount("ListPartnerAdjustRecords") == before; {
		require.True(t, time.Now().Before(deadline), "the request never arrived")
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 130, ee.ExitCode(), errb.String())
	assert.Contains(t, errb.String(), "interrupted after 0 records; run the same command with --offset 0 to continue")

	// A bulk run stopped by Ctrl-C halfway, then resumed with the command
	// it printed: every transfer carried out exactly once.
	const n = 30
	var job strings.Builder
	job.WriteString("id,kind,reseller_id,amount\n")
	for i := range n {
		id := fmt.Sprintf("bulk%028d", i)
		require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: id, Name: id}))
		fmt.Fprintf(&job, "t-%d,transfer,%s,%d.%02d\n", i, id, 1+i, i)
	}
	jobPath := filepath.Join(t.TempDir(), "job.csv")
	require.NoError(t, os.WriteFile(jobPath, []byte(job.String()), 0o600))
	before = srv.RequestCount(transferOp)
	cmd = exec.Command(bin, "bulk", "run", jobPath, "--yes", "--rate", "20")
	cmd.Env = env
	errb.Reset()
	cmd.Stderr = &errb
	require.NoError(t, cmd.Start())
	for deadline := time.Now().Add(30 * time.Second); srv.RequestCount(transferOp)-before < n/4; {
		require.True(t, time.Now().Before(deadline), "the job never started")
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err = cmd.Wait()
	require.ErrorAs(t, err, &ee)
	require.Equal(t, 130, ee.ExitCode(), errb.String())
	sent := srv.RequestCount(transferOp) - before
	assert.Less(t, sent, n, "stopped before the end")
	resume := strings.TrimSpace(strings.SplitAfter(errb.String(), "To resume:\n")[1])
	assert.Equal(t, "hwpartner bulk resume "+filepath.Join(filepath.Dir(jobPath), "job.journal")+" --yes --rate=20", resume)
	code, out, stderr = run(strings.Fields(resume)[1:]...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "transfer")
	assert.Contains(t, stderr, fmt.Sprintf("%d of %d items done", n, n))
	assert.Equal(t, n, srv.RequestCount(transferOp)-before, "each item sent once in all")
	for i := range n {
		want := hwpartnertest.MustParseAmount(t, fmt.Sprintf("%d.%02d", 1+i, i))
		assert.Equal(t, want, srv.Balance(fmt.Sprintf("bulk%028d", i)), "item %d", i)
	}
}

const transferOp = "UpdateIndirectPartnerAccount"
