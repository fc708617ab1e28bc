package fakecmd_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/internal/fakecmd"
)

// syncBuffer collects stderr written by the serving goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a fake started through Main, as the command starts it.
type running struct {
	lines  []string
	stderr *syncBuffer
	stop   context.CancelFunc
	code   chan int
}

// start runs Main with args until the test ends and reads its start-up
// lines (two, or one with -print-config).
func start(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	r := &running{stderr: &syncBuffer{}, stop: cancel, code: make(chan int, 1)}
	go func() {
		r.code <- fakecmd.Main(ctx, "hwpartner-fake", append([]string{"-addr", "127.0.0.1:0"}, args...), pw, r.stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		<-r.code
	})
	n := 2
	for _, a := range args {
		if a == "-print-config" {
			n = 1
		}
	}
	br := bufio.NewReader(pr)
	for range n {
		line, err := br.ReadString('\n')
		require.NoError(t, err, "stderr: %s", r.stderr.String())
		r.lines = append(r.lines, strings.TrimSpace(line))
	}
	go func() { _, _ = io.Copy(io.Discard, br) }()
	return r
}

func (r *running) url() string { return r.lines[0] }

func getJSON(t *testing.T, url string, out any) int {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
	}
	return resp.StatusCode
}

func sdk(t *testing.T, url string, opts ...hwpartner.Option) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(append([]hwpartner.Option{hwpartner.WithEndpoint(url), hwpartner.WithRetry(0, 0, 0)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestPlainOutputIsTheTwoURLs(t *testing.T) {
	t.Parallel()
	r := start(t, "-seed-demo")
	assert.True(t, strings.HasPrefix(r.lines[0], "http://127.0.0.1:"), r.lines[0])
	assert.True(t, strings.HasPrefix(r.lines[1], "http://127.0.0.1:"), "a bare URL: %s", r.lines[1])
	assert.NotEqual(t, r.lines[0], r.lines[1])

	c := sdk(t, r.url(), hwpartner.WithAKSK(hwpartnertest.DefaultAccessKey, hwpartnertest.DefaultSecretKey))
	page, err := c.Resellers.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 3, page.Total, "-seed-demo")

	// SIGINT and SIGTERM end the context: the server stops, exit 0.
	r.stop()
	assert.Equal(t, fakecmd.ExitOK, <-r.code)
	r.code <- fakecmd.ExitOK // for the cleanup
	_, err = http.Get(r.url())
	assert.Error(t, err, "the server is closed")
	assert.Contains(t, r.stderr.String(), "stopped")
}

func TestPrintConfigIsOneJSONLineAClientCanUse(t *testing.T) {
	t.Parallel()
	r := start(t, "-print-config", "-ak", "MYAK", "-sk", "my-secret", "-domain-id", "dom-1",
		"-token", "tok-1", "-temp-ak", "TMPAK", "-temp-sk", "tmp-sk", "-security-token", "sec",
		"-iam-user", "ops:pw@acme", "-admin-token", "adm")
	require.Len(t, r.lines, 1)
	var cfg fakecmd.Config
	require.NoError(t, json.Unmarshal([]byte(r.lines[0]), &cfg))
	assert.Equal(t, "MYAK", cfg.AccessKey)
	assert.Equal(t, "my-secret", cfg.SecretKey)
	assert.Equal(t, "dom-1", cfg.DomainID)
	assert.Equal(t, "tok-1", cfg.Token)
	assert.Equal(t, cfg.Endpoint+"/_fake/", cfg.ControlEndpoint)
	assert.Equal(t, "adm", cfg.AdminToken)
	require.NotNil(t, cfg.Temporary)
	require.NotNil(t, cfg.IAMUser)

	// The line decodes as the fake's client configuration: one option.
	var plain hwpartnertest.ClientConfig
	require.NoError(t, json.Unmarshal([]byte(r.lines[0]), &plain))
	at := hwpartner.WithEndpoint(cfg.Endpoint)
	for name, opts := range map[string][]hwpartner.Option{
		"-ak/-sk":         {hwpartner.WithConfig(plain)},
		"-token":          {at, hwpartner.WithToken(cfg.Token)},
		"-temp-ak":        {at, hwpartner.WithTemporaryAKSK(cfg.Temporary.AccessKey, cfg.Temporary.SecretKey, cfg.Temporary.SecurityToken)},
		"-iam-user":       {at, hwpartner.WithPassword(cfg.IAMUser.Name, cfg.IAMUser.Password, cfg.IAMUser.AccountName)},
		"-iam-user (bad)": {at, hwpartner.WithPassword(cfg.IAMUser.Name, "wrong", cfg.IAMUser.AccountName)},
	} {
		c, err := hwpartner.NewClient(append(opts, hwpartner.WithRetry(0, 0, 0))...)
		require.NoError(t, err, name)
		_, err = c.Funds.OwnBalance(t.Context())
		if strings.HasSuffix(name, "(bad)") {
			assert.Error(t, err, name)
		} else {
			assert.NoError(t, err, name)
		}
	}

	// -admin-token guards the control API.
	assert.Equal(t, http.StatusForbidden, getJSON(t, cfg.ControlEndpoint+"config", nil))
	req, _ := http.NewRequest(http.MethodGet, cfg.ControlEndpoint+"config", nil)
	req.Header.Set("Authorization", "Bearer adm")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestClockOffsetRequireDomainIDAndRequestLog(t *testing.T) {
	t.Parallel()
	r := start(t, "-clock-offset", "-20m", "-require-domain-id", "-request-log", "2")
	var clock struct{ Now time.Time }
	require.Equal(t, 200, getJSON(t, r.url()+"/_fake/clock", &clock))
	assert.InDelta(t, -20*time.Minute, time.Until(clock.Now), float64(time.Minute))

	keys := hwpartner.WithAKSK(hwpartnertest.DefaultAccessKey, hwpartnertest.DefaultSecretKey)
	_, err := sdk(t, r.url(), keys).Funds.OwnBalance(t.Context())
	assert.True(t, hwpartner.IsAuth(err), "-require-domain-id: %v", err)
	_, err = sdk(t, r.url(), keys, hwpartner.WithDomainID(hwpartnertest.DefaultDomainID)).Funds.OwnBalance(t.Context())
	assert.NoError(t, err, "signed 20 minutes off, the client corrects its clock")

	var reqs []json.RawMessage
	require.Equal(t, 200, getJSON(t, r.url()+"/_fake/requests", &reqs))
	assert.Len(t, reqs, 2, "-request-log 2")
	var count struct{ Count int }
	require.Equal(t, 200, getJSON(t, r.url()+"/_fake/requests/count", &count))
	assert.Greater(t, count.Count, 2)
}

func TestStateFileAndReset(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r-from-file", Balance: hwpartnertest.Yuan(42)}))
	state, err := srv.Snapshot()
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(file, state, 0o600))

	r := start(t, "-state", file)
	var bal struct{ Amount string }
	require.Equal(t, 200, getJSON(t, r.url()+"/_fake/balances/r-from-file", &bal))
	assert.Equal(t, "42.00", bal.Amount)
	// The keys of the flags work next to the file's accounts.
	_, err = sdk(t, r.url(), hwpartner.WithAKSK(hwpartnertest.DefaultAccessKey, hwpartnertest.DefaultSecretKey)).Funds.Balance(t.Context(), "r-from-file")
	require.NoError(t, err)

	req, _ := http.NewRequest(http.MethodPut, r.url()+"/_fake/balances/r-from-file", strings.NewReader(`{"amount":"1.00"}`))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	resp, err = http.Post(r.url()+"/_fake/reset", "application/json", nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, getJSON(t, r.url()+"/_fake/balances/r-from-file", &bal))
	assert.Equal(t, "42.00", bal.Amount, "reset returns to the state the fake started with")
}

func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	assert.Equal(t, fakecmd.ExitOK, fakecmd.Main(t.Context(), "hwpartner-fake", []string{"-h"}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "-print-config")
	assert.Contains(t, stderr.String(), "/_fake/")

	for name, args := range map[string][]string{
		"unknown flag":         {"-no-such-flag"},
		"empty access key":     {"-ak", ""},
		"temp keys incomplete": {"-temp-ak", "X"},
		"bad iam user":         {"-iam-user", "nopassword"},
		"missing state file":   {"-state", filepath.Join(t.TempDir(), "none.json")},
		"bad state file":       {"-state", writeFile(t, `{"version":1,"balances":{"x":"-1"}}`)},
		"an argument":          {"serve"},
		"bad request log":      {"-request-log", "-1"},
	} {
		stderr.Reset()
		code := fakecmd.Main(t.Context(), "hwpartner-fake", append([]string{"-addr", "127.0.0.1:0"}, args...), io.Discard, &stderr)
		assert.Equal(t, fakecmd.ExitUsage, code, "%s: %s", name, stderr.String())
	}
	stderr.Reset()
	assert.Equal(t, fakecmd.ExitError, fakecmd.Main(t.Context(), "hwpartner-fake", []string{"-addr", "256.0.0.1:1"}, io.Discard, &stderr),
		"an address that cannot be listened on")
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.json")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// The README's Python example runs against the standalone fake.
func TestREADMEPythonExample(t *testing.T) {
	t.Parallel()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the README's Python example is not run")
	}
	if err := exec.Command(python, "-c", "import requests").Run(); err != nil {
		t.Skip("python3 has no requests module: the README's Python example is not run")
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), "```python\n")
	require.True(t, ok, "the README has a Python example")
	script, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)

	r := start(t, "-token", "tok-1", "-seed-demo")
	cmd := exec.CommandContext(t.Context(), python, "-", r.url())
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "ok\n", string(out))
}
