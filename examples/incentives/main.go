// Command incentives answers capability-improvement incentive questions
// for a sample partner: which level-1 tags can apply in China and
// overseas, and whether each of the partner's tags can still apply, with
// every reason and the days left. It also shows the reseller rules and,
// with -policies, lists a month's product discount and incentive policies.
//
//	go run ./examples/incentives -now 2025-11-20
//	go run ./examples/incentives -catalogue my-catalogue.json
//	go run ./examples/incentives -fake -policies 2025-01
//
// The rules need no credentials. -policies calls the API with the access
// keys in HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or an in-process fake
// with demo data when -fake is given. The output depends only on the flags
// (and the clock when -now is not given).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/examples/internal/table"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/incentives"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, time.Now); err != nil {
		fmt.Fprintln(os.Stderr, errorLine(err))
		os.Exit(1)
	}
}

// run is the program; clock is used when -now is not given.
func run(ctx context.Context, args []string, out io.Writer, clock func() time.Time) error {
	fs := flag.NewFlagSet("incentives", flag.ContinueOnError)
	fs.SetOutput(out)
	nowFlag := fs.String("now", "", "check at this time: RFC 3339, or YYYY-MM-DD for 00:00 China Standard Time (default: now)")
	catFlag := fs.String("catalogue", "", "JSON catalogue of programme years and level-1 tags (default: the documented table)")
	policies := fs.String("policies", "", "also list the discount and incentive policies of this month (YYYY-MM)")
	fake := fs.Bool("fake", false, "call an in-process fake server with demo data instead of Huawei")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage is printed; -h is not a failure
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	now, err := parseNow(*nowFlag, clock)
	if err != nil {
		return err
	}
	cat := incentives.DefaultCatalogue()
	if *catFlag != "" {
		if cat, err = incentives.LoadCatalogue(*catFlag); err != nil {
			return err
		}
	}
	var month incentives.Month
	if *policies != "" {
		if month, err = incentives.ParseMonth(*policies); err != nil {
			return err
		}
	}

	w := &writer{w: out}
	printScope(w, cat, now)
	if err := printPartner(w, cat, now); err != nil {
		return err
	}
	if err := printReseller(w); err != nil {
		return err
	}
	if *policies != "" {
		if err := printPolicies(ctx, w, month, *fake); err != nil {
			return err
		}
	}
	return w.err
}

func parseNow(s string, clock func() time.Time) (time.Time, error) {
	if s == "" {
		return clock(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := incentives.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("-now %q is neither RFC 3339 nor YYYY-MM-DD", s)
	}
	return d.Start(), nil
}

// writer keeps the first write error, so printing code stays linear.
type writer struct {
	w   io.Writer
	err error
}

func (w *writer) printf(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.w, format, args...)
	}
}

func printScope(w *writer, cat *incentives.Catalogue, now time.Time) {
	today := incentives.DateOf(now)
	prog, ok := cat.ProgrammeAt(now)
	if !ok {
		w.printf("Capability-improvement incentive (能力提升激励), checked on %s (China Standard Time)\n", today)
		w.printf("The catalogue has no programme year covering %s: load the current scope with -catalogue.\n", today)
		return
	}
	w.printf("Capability-improvement incentive (能力提升激励), programme year %d (%s to %s), checked on %s (China Standard Time)\n",
		prog.Year, prog.From, prog.To, today)
	if a := prog.Assumption(); a != "" {
		w.printf("Note: %s.\n", a)
	}
	for _, r := range []incentives.Region{incentives.RegionChina, incentives.RegionOverseas} {
		w.printf("\nLevel-1 tags that can apply %s:\n", where(r))
		var rows [][]string
		for _, t := range prog.EligibleTags(r) {
			rows = append(rows, []string{t.NameZH, t.NameEN, "[" + t.Scope.String() + "]"})
		}
		var b strings.Builder
		_ = table.Write(&b, "  ", rows)
		w.printf("%s", b.String())
	}
}

func where(r incentives.Region) string {
	if r == incentives.RegionChina {
		return "in China"
	}
	return "overseas"
}

// samplePartner holds tags granted in the year of now, so the sample
// shows the current year's rules whatever the date.
func samplePartner(now time.Time) incentives.Partner {
	y := incentives.DateOf(now).Year
	cst := incentives.ChinaStandardTime()
	return incentives.Partner{
		Name:   "Example Cloud Services Co.",
		Tier:   incentives.TierDistributor,
		Region: incentives.RegionChina,
		Stage:  incentives.StageRoleCertification,
		Tags: []incentives.ObtainedTag{
			{Name: "数据库服务能力", GrantedAt: time.Date(y, 3, 14, 10, 0, 0, 0, cst)},
			{Name: "大数据服务能力", GrantedAt: time.Date(y, 2, 10, 15, 30, 0, 0, cst)},
			{Name: "上云实施规划服务能力", GrantedAt: time.Date(y, 6, 2, 9, 0, 0, 0, cst)},
			{Name: "数据仓库服务能力", GrantedAt: time.Date(y-1, 11, 5, 11, 0, 0, 0, cst)},
		},
		Applied: []string{"大数据服务能力"},
	}
}

func printPartner(w *writer, cat *incentives.Catalogue, now time.Time) error {
	p := samplePartner(now)
	w.printf("\nSample partner: %s, %s, %s, %s; already applied with %s\n",
		p.Name, p.Tier, where(p.Region), p.Stage, strings.Join(p.Applied, ", "))
	decisions, err := cat.CheckAll(p, now)
	if err != nil {
		return err
	}
	for _, d := range decisions {
		w.printf("\n%s, granted %s\n", d.Tag, incentives.DateOf(d.GrantedAt))
		if d.Eligible {
			kinds := make([]string, len(d.Kinds))
			for i, k := range d.Kinds {
				kinds[i] = k.String()
			}
			w.printf("  ELIGIBLE: %s left, apply by %s in the Partner Center console\n", days(d.DaysLeft), d.Deadline)
			w.printf("  covers: %s\n", strings.Join(kinds, ", "))
		} else {
			w.printf("  NOT ELIGIBLE\n")
		}
		for _, r := range d.Reasons {
			w.printf("  - %s\n", r)
		}
	}
	return nil
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func printReseller(w *writer) error {
	w.printf("\nResellers: %s.\n", incentives.TierReseller.IncentiveRule())
	perf, err := hwpartner.ParseAmount("650000.50")
	if err != nil {
		return err
	}
	rule := incentives.DefaultUpgradeRule()
	st, err := rule.Assess(incentives.ResellerProgress{AnnualPerformance: perf})
	if err != nil {
		return err
	}
	w.printf("Upgrade to distributor (threshold CNY %s a year), sample reseller:\n", rule.AnnualPerformance)
	for _, s := range st.Steps {
		mark := "[ ]"
		if s.Done {
			mark = "[x]"
		}
		w.printf("  %s %s\n", mark, s.Text)
	}
	return nil
}

func printPolicies(ctx context.Context, w *writer, month incentives.Month, fake bool) error {
	opts := []hwpartner.Option{}
	if fake {
		srv, err := hwpartnertest.Start()
		if err != nil {
			return err
		}
		defer srv.Close()
		srv.SeedDemo()
		opts = append(opts, hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	}
	c, err := hwpartner.NewClient(opts...)
	if err != nil {
		return err
	}
	w.printf("\nProduct discount and incentive policies for %s (as of %s):\n", month, month.AsOf().Format("2006-01-02 15:04:05 MST"))
	n := 0
	for p, err := range c.Incentives.DiscountPoliciesIter(ctx, &incentives.DiscountPoliciesParams{Month: month}) {
		if err != nil {
			return err
		}
		n++
		w.printf("  %s %s: %s; %s\n", p.ServiceTypeCode, p.ServiceTypeName, p.IncentivePolicy, p.AllowDiscount)
	}
	if n == 0 {
		return errors.New("no policies returned")
	}
	return nil
}

// errorLine prefixes the program's name once: the packages' own errors
// may start with the same word.
func errorLine(err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, "incentives: ") {
		return msg
	}
	return "incentives: " + err.Error()
}
