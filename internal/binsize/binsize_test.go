// Package binsize guards the SDK's footprint: a program that only lists
// resellers may grow by at most 1 MB over the same program written with
// plain net/http.
package binsize

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// TestSDKLinksNoCommandLineLibraries keeps the command line's libraries out
// of every SDK package, so a program importing the SDK never links them.
func TestSDKLinksNoCommandLineLibraries(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	t.Parallel()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}",
		"github.com/hwpartner/go-hwpartner", "github.com/hwpartner/go-hwpartner/hwpartnertest",
		"github.com/hwpartner/go-hwpartner/realname/obsupload")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{
			"github.com/hwpartner/go-hwpartner/cmd/", "github.com/spf13/", "github.com/mattn/go-runewidth",
			"github.com/schollz/progressbar", "github.com/BurntSushi/toml", "golang.org/x/term",
		} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("the SDK links %s, a command-line library", pkg)
			}
		}
	}
}
