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

// The bulk runner, its journal and test libraries are the program's
// choice: the SDK alone never pulls them in.
func TestSDKProgramLinksNoJournalOrTestLibraries(t *testing.T) {
	if testing.Short() {
		t.Skip("lists a program's dependencies")
	}
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "./testdata/sdk").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"go.etcd.io/bbolt", "github.com/hwpartner/go-hwpartner/bulk",
			"github.com/hwpartner/go-hwpartner/hwpartnertest", "github.com/stretchr/testify", "github.com/jarcoal/httpmock"} {
			if pkg == banned || strings.HasPrefix(pkg, banned+"/") {
				t.Errorf("a program importing only the SDK links %s", pkg)
			}
		}
	}
}
