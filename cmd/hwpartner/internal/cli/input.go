package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
)

const timeHelp = "YYYY-MM-DD[ HH:MM[:SS]] in China Standard Time (UTC with --utc), or RFC 3339"

// parseTime reads a time flag. A bare date is the start of that day, or
// with endOfDay its last second, so "--to 2025-01-31" includes the 31st.
func (a *app) parseTime(flag, s string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseInLocation("2006-01-02", s, a.loc); err == nil {
		if endOfDay {
			return d.AddDate(0, 0, 1).Add(-time.Second), nil
		}
		return d, nil
	}
	// Layouts people type, read in the display zone.
	for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(l, s, a.loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageError("--%s %q is not a time: use %s", flag, s, timeHelp)
}

// parseRange reads the time flags PREFIXfrom and PREFIXto; a bare date
// as the end includes that day.
func (a *app) parseRange(prefix, from, to string) (f, t time.Time, err error) {
	if f, err = a.parseTime(prefix+"from", from, false); err != nil {
		return f, t, err
	}
	t, err = a.parseTime(prefix+"to", to, true)
	return f, t, err
}

func parseAmount(what, s string) (hwpartner.Amount, error) {
	v, err := hwpartner.ParseAmount(s)
	if err != nil {
		return v, usageError("%s %q is not an amount: write a decimal such as 100 or 99.99", what, s)
	}
	return v, nil
}

// readIDs collects ids from the arguments and from a file (one per line,
// "-" for stdin; blank lines and # comments are skipped).
func (a *app) readIDs(args []string, file string) ([]string, error) {
	ids := append([]string{}, args...)
	if file == "" {
		return ids, nil
	}
	var sc *bufio.Scanner
	if file == "-" {
		sc = bufio.NewScanner(a.env.Stdin)
	} else {
		f, err := os.Open(file)
		if err != nil {
			return nil, usageError("%v", err)
		}
		defer f.Close()
		sc = bufio.NewScanner(f)
	}
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ids = append(ids, line)
	}
	if err := sc.Err(); err != nil {
		return nil, usageError("reading %s: %v", file, err)
	}
	return ids, nil
}

// commandLine renders a hwpartner command to print for the user to run,
// repeating the global flags that chose the account and site.
func (a *app) commandLine(cmd *cobra.Command, args ...string) string {
	parts := []string{"hwpartner"}
	for _, name := range []string{"config", "profile", "endpoint", "site", "domain-id", "iam-endpoint"} {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
			parts = append(parts, "--"+name, quote(f.Value.String()))
		}
	}
	for _, s := range args {
		parts = append(parts, quote(s))
	}
	return strings.Join(parts, " ")
}

// quote makes s one shell word.
func quote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// utcStamp is a time for a command line: exact and zone-free.
func utcStamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
