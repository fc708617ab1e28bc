//go:build !race

package binsize

// The size check builds two programs without the race detector, which on a
// fresh machine compiles the standard library a second time: it stays out
// of the race run, and CI runs it on its own (go test ./internal/binsize).

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

const budget = 1 << 20

func build(t *testing.T, pkg string) int64 {
	t.Helper()
	out := filepath.Join(t.TempDir(), "prog")
	// go test puts its own toolchain first on PATH.
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestListingProgramStaysWithinBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two programs")
	}
	t.Parallel()
	plain := build(t, "./testdata/plain")
	sdk := build(t, "./testdata/sdk")
	t.Logf("plain net/http: %d bytes; with the SDK: %d bytes; growth %d bytes (budget %d)", plain, sdk, sdk-plain, budget)
	if sdk-plain > budget {
		t.Errorf("a program listing resellers grows by %d bytes with the SDK, over the %d-byte budget", sdk-plain, budget)
	}
}
