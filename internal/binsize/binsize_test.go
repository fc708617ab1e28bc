// Package binsize guards the SDK's footprint: a program that only lists
// resellers may grow by at most 1 MB over the same program written with
// plain net/http.
package binsize

import (
	"os/exec"
	"strings"
	"testing"
)

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
