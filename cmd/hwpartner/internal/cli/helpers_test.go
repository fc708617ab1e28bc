package cli_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/cli"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// result is what one run of the command line left behind.
type result struct {
	code           int
	stdout, stderr string
}

// runner runs the command line in process against a fake server.
type runner struct {
	t         *testing.T
	srv       *hwpartnertest.Server
	env       map[string]string
	stdin     string
	in        io.Reader // instead of stdin, for prompts answered as they come
	terminal  bool      // stdin is a terminal: prompts are asked
	stderrTTY bool      // stderr is a terminal: progress bars are drawn
	now       time.Time
	ctx       context.Context
	stdout    func(*bytes.Buffer) writerFunc // wraps stdout, for tests that act on output
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// newRunner starts a fake with demo data and points the command line at
// it through the environment, as a user of 'hwpartner fake' would.
func newRunner(t *testing.T, opts ...hwpartnertest.Option) *runner {
	t.Helper()
	srv := hwpartnertest.NewServer(t, opts...)
	srv.SeedDemo()
	return &runner{
		t:   t,
		srv: srv,
		env: map[string]string{
			"HUAWEICLOUD_SDK_AK": srv.AccessKey(),
			"HUAWEICLOUD_SDK_SK": srv.SecretKey(),
			"HWPARTNER_ENDPOINT": srv.URL,
			"HOME":               t.TempDir(), // no config file unless a test writes one
		},
		now: time.Date(2025, 11, 20, 10, 0, 0, 0, time.UTC),
		ctx: t.Context(),
	}
}

func (r *runner) run(args ...string) result {
	r.t.Helper()
	var out, errb bytes.Buffer
	var in io.Reader = strings.NewReader(r.stdin)
	if r.in != nil {
		in = r.in
	}
	env := cli.Env{
		Stdin:  in,
		Stdout: &out,
		Stderr: &errb,
		LookupEnv: func(k string) (string, bool) {
			v, ok := r.env[k]
			return v, ok
		},
		StdinTerminal: r.terminal, StderrTerminal: r.stderrTTY,
		Now: func() time.Time { return r.now },
	}
	if r.stdout != nil {
		env.Stdout = r.stdout(&out)
	}
	code := cli.Run(r.ctx, args, env)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	require.Equal(t, string(want), got, "output differs from %s (go test -update rewrites it; review the diff)", path)
}

// shellWords splits a printed command line (words, and '…' quoted words).
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	in, started := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			in, started = !in, true
		case c == ' ' && !in:
			if started {
				words = append(words, cur.String())
				cur.Reset()
				started = false
			}
		default:
			cur.WriteByte(c)
			started = true
		}
	}
	if started {
		words = append(words, cur.String())
	}
	return words
}

// lineWith returns the first line of s containing sub, trimmed.
func lineWith(t *testing.T, s, sub string) string {
	t.Helper()
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	t.Fatalf("no line with %q in:\n%s", sub, s)
	return ""
}
