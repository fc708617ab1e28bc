// Package binsize guards the SDK's footprint: a program that only lists
// resellers may grow by at most 1 MB over the same program written with
// plain net/http.
package binsize

import (
	"os/exec"
	"strings"
	"testing"
)

// TestSDKLinksNoCommandLineLibraries keeps the command line's libraries,
// the bulk runner and its journal, and test libraries out of every SDK
// package, so a program importing the SDK never links them.
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
			"github.com/hwpartner/go-hwpartner/bulk", "go.etcd.io/bbolt",
			"github.com/stretchr/testify", "github.com/jarcoal/httpmock",
		} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("the SDK links %s, which is for programs to choose", pkg)
			}
		}
	}
}

// TestListingProgramImportsNoRegexp keeps package regexp out of the SDK:
// with its Unicode tables it adds about a third of a megabyte, a third of
// the budget. The SDK scans text by hand instead (internal/fold, the
// redaction in core). Only the libraries listed below may import it.
func TestListingProgramImportsNoRegexp(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	t.Parallel()
	allowed := map[string]bool{
		// regexp appears only in NewFromFormattedString's signature, which
		// the linker drops with the unused function.
		"github.com/shopspring/decimal": true,
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./testdata/sdk").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	importers := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		for _, imp := range fields[1:] {
			if imp == "regexp" || imp == "regexp/syntax" {
				importers[fields[0]] = true
			}
		}
	}
	for pkg := range importers {
		if !allowed[pkg] && pkg != "regexp" {
			t.Errorf("%s imports regexp, which a program listing resellers would then link", pkg)
		}
	}
	for pkg := range allowed {
		if !importers[pkg] {
			t.Errorf("%s no longer imports regexp (or is no longer linked): drop it from the allowed list", pkg)
		}
	}
}
