// The snippets are fragments a reader completes: they are compiled, not
// called, and show each call rather than every error check.
//
//lint:file-ignore U1000 the snippets are compiled, not called
//lint:file-ignore SA4006 the snippets show each call, not every error check
package hwpartner_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/incentives"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
	"github.com/hwpartner/go-hwpartner/resellers"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// The README's Go snippets, each between "README:" and "README end", in
// the README's order: they compile here, and TestREADMESnippets checks
// the README shows them as they are. Parameters stand for what a program
// has at hand.

func readmeAuthenticate(accountID string) {
	// README: authenticate
	c, err := hwpartner.NewClient(
		hwpartner.WithAKSK(os.Getenv("HUAWEICLOUD_SDK_AK"), os.Getenv("HUAWEICLOUD_SDK_SK")),
		hwpartner.WithDomainID(accountID), // the partner's account id, sent as X-Domain-Id
	)
	// README end
	_, _ = c, err
}

func readmeResellersAndFunds(c *hwpartner.Client, id string, since time.Time) error {
	// README: resellers and funds
	ctx := context.Background()
	for r, err := range c.Resellers.ListIter(ctx, &resellers.ListParams{}) { // every page
		if err != nil {
			return err
		}
		fmt.Println(r.ID, r.Name)
	}
	r, err := c.Resellers.Get(ctx, id) // errors.Is(err, hwpartner.ErrNotFound) when it is not yours

	b, err := c.Funds.Balance(ctx, r.ID) // c.Funds.OwnBalance(ctx) for your own accounts
	cash, _ := b.Account(funds.AccountCash)

	amount, err := hwpartner.ParseAmount("99.99") // exact decimal, never a float
	res, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: r.ID, Amount: amount})
	// c.Funds.Reclaim(ctx, &funds.ReclaimParams{...}) takes money back.
	switch {
	case hwpartner.IsInsufficientBalance(err): // CBC.99005003
	case hwpartner.IsPermission(err): // e.g. CBC.99000037, not your reseller
	case hwpartner.IsOutcomeUnknown(err): // see below
	}

	page, err := c.Funds.Records(ctx, &funds.RecordsParams{CustomerID: r.ID, From: since}) // or RecordsIter
	// README end
	_, _, _, _ = cash, res, page, err
	return nil
}

func readmeResolve(ctx context.Context, c *hwpartner.Client, err error) error {
	// README: resolve
	var unknown *funds.OutcomeUnknownError
	if errors.As(err, &unknown) {
		out, err := c.Funds.Resolve(ctx, &unknown.Lookup)
		if err != nil {
			return err
		}
		fmt.Println(out.Resolution) // funds.Recorded (out.Record), funds.NotRecorded or funds.Ambiguous
	}
	// README end
	return nil
}

func readmeVouchers(ctx context.Context, c *hwpartner.Client, quotaID, r1, r2, r3 string) error {
	// README: vouchers
	res, err := c.Vouchers.Issue(ctx, &vouchers.IssueParams{
		QuotaID:     quotaID,                       // the distributor's quota, from c.Vouchers.Quotas
		ResellerIDs: []string{r1, r2, r3},          // 1 to 100; IssueInBatches takes more
		Amount:      hwpartner.AmountFromYuan(100), // given to each reseller
	})
	var partial *vouchers.PartialError
	var unknown *vouchers.OutcomeUnknownError
	switch {
	case errors.As(err, &partial):
		// Answered item by item. First the resellers the answer left out:
		// their outcome is unknown, so look them up before issuing again.
		if res.Lookup != nil {
			out, err := c.Vouchers.Resolve(ctx, res.Lookup)
			if err != nil {
				return err
			}
			fmt.Println(out.Of(res.Unreported[0]).Resolution) // vouchers.Recorded, NotRecorded or Ambiguous
		}
		// Then the rest is settled: res.Issued got quota (reseller -> new
		// quota id), res.Failures were refused (id, code, message).
	case errors.As(err, &unknown):
		// No answer at all: look every reseller up before issuing again.
		out, err := c.Vouchers.Resolve(ctx, &unknown.Lookup)
		if err != nil {
			return err
		}
		fmt.Println(out.Of(r1).Resolution)
	case err != nil:
		// Refused as a whole: nothing was issued.
	}
	// README end
	return nil
}

func readmeIncentives(ctx context.Context, c *hwpartner.Client) error {
	// README: incentives
	params := &incentives.DiscountPoliciesParams{
		Month:           incentives.MonthOf(time.Now()),        // sent as YYYY-MM in UTC+8, whatever your zone
		ServiceTypeCode: hwpartner.Ptr("hws.service.type.obs"), // nil: all; a pointer to "" is a filter value
	}
	page, err := c.Incentives.DiscountPolicies(ctx, params)              // one page
	for p, err := range c.Incentives.DiscountPoliciesIter(ctx, params) { // every page
		if err != nil {
			return err
		}
		fmt.Println(p.ServiceTypeCode, p.IncentivePolicy)
	}
	// README end
	_, _ = page, err
	return nil
}

func readmeCatalogue(partner incentives.Partner, granted time.Time) {
	// README: catalogue
	cat := incentives.DefaultCatalogue() // the documented level-1 tags and region scopes
	prog, _ := cat.Programme(2026)
	tags := prog.EligibleTags(incentives.RegionOverseas)
	d, err := cat.Check(partner, incentives.ObtainedTag{Name: "数据库服务能力", GrantedAt: granted}, time.Now())
	fmt.Println(d.Eligible, d.DaysLeft, d.Deadline) // d.Reasons explains every rule, met or not
	// README end
	_, _ = tags, err
}

func readmeCustomers(ctx context.Context, c *hwpartner.Client, r *resellers.Reseller, id, platformUserID, platformID string, amount hwpartner.Amount) error {
	// README: customers
	for cu, err := range c.Customers.ListIter(ctx, &customers.ListParams{ResellerID: r.ID}) { // "" for your own
		if err != nil {
			return err
		}
		fmt.Println(cu.ID) // the customer_id the fund, real-name and budget calls take
	}
	cu, err := c.Customers.Get(ctx, id) // a *customers.NotFoundError when it is not yours

	res, err := c.Customers.Create(ctx, &customers.CreateParams{
		XAccountID: platformUserID, XAccountType: platformID, AccountName: "shop-42", ResellerID: r.ID})
	var unknown *customers.CreateUnknownError
	if errors.As(err, &unknown) { // the answer was lost: look before creating it again
		found, err := c.Customers.FindCreated(ctx, &unknown.Lookup)
		fmt.Println(found, err)
	}
	cu, err = c.Customers.WaitForAssociation(ctx, r.ID, res.CustomerID, nil) // listed once associated

	_, err = c.Customers.Transfer(ctx, &customers.TransferParams{CustomerID: cu.ID, ResellerID: r.ID, Amount: amount})
	// Reclaim takes it back; Balances reads partner-funded customers' balances;
	// AccountChanges (and AccountChangesIter) is your own ledger, or a reseller's.
	// README end
	return err
}

func readmeRealName(ctx context.Context, c *hwpartner.Client, id, name, number, platformID string, f1, f2, f3 io.Reader) error {
	// README: real-name
	bucket, err := obsupload.New(obsupload.Config{ // realname/obsupload: only uploading programs link the OBS SDK
		Bucket:   "my-realname-bucket",
		Endpoint: "https://obs.cn-north-4.myhuaweicloud.com", // keys default to HUAWEICLOUD_SDK_AK / _SK
	})
	res, err := c.RealName.ApplyIndividual(ctx, bucket, &realname.IndividualParams{
		CustomerID: id, Certificate: realname.Passport, Name: name, Number: number, XAccountType: platformID,
	},
		realname.File{Role: realname.RoleDataPage, Path: id + "/data.jpg", Body: f1},
		realname.File{Role: realname.RoleEntryStampPage, Path: id + "/stamp.jpg", Body: f2},
		realname.File{Role: realname.RoleHandheldDataPage, Path: id + "/handheld.jpg", Body: f3})
	if res != nil && res.NeedsReview {
		review, err := c.RealName.WaitForReview(ctx, id, nil) // approved, or rejected with review.Opinion
		fmt.Println(review, err)
	}
	// README end
	return err
}

// runPayouts is the README test's code under test: two transfers of 30.00.
func runPayouts(ctx context.Context, c *hwpartner.Client) {
	for range 2 {
		_, _ = c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: "r1", Amount: hwpartner.AmountFromYuan(30)})
	}
}

// README: testing
func TestPayout(t *testing.T) {
	srv := hwpartnertest.NewServer(t) // closed when the test ends
	c, err := hwpartner.NewClient(hwpartner.WithConfig(srv.ClientConfig()))
	require.NoError(t, err)
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1", Name: "Acme", Balance: hwpartnertest.Yuan(100)}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.Yuan(1000))) // the distributor's balance
	// The second transfer is carried out and its answer lost.
	require.NoError(t, srv.InjectFault(hwpartnertest.OpUpdateIndirectPartnerAccount,
		hwpartnertest.Fault{After: 1, Times: 1, Drop: hwpartnertest.DropAfterProcessing}))

	runPayouts(t.Context(), c) // your code

	assert.Equal(t, hwpartnertest.MustParseAmount(t, "160.00"), srv.Balance("r1"))
	assert.Equal(t, hwpartnertest.Yuan(1100), srv.TotalBalance()) // no money created or lost
	assert.Equal(t, 2, srv.RequestCount(hwpartnertest.OpUpdateIndirectPartnerAccount))
}

// README end

// TestREADMESnippets checks that every Go block of the README is one of
// the snippets above, in order, as the README shows it (four spaces for a
// tab).
func TestREADMESnippets(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	src, err := os.ReadFile("readme_test.go")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	snippets := regexp.MustCompile(`(?s)// README: [^\n]*\n(.*?)\n[\t]*// README end`).FindAllStringSubmatch(string(src), -1)
	var got, want []string
	for _, b := range blocks {
		got = append(got, strings.TrimRight(b[1], "\n"))
	}
	for _, s := range snippets {
		want = append(want, readmeForm(s[1]))
	}
	assert.Equal(t, want, got, "the README's Go blocks are the snippets of readme_test.go")
}

// readmeForm dedents a snippet by its first line's tabs and writes the
// remaining tabs as four spaces.
func readmeForm(s string) string {
	s = strings.Trim(s, "\n")
	lines := strings.Split(s, "\n")
	indent := len(lines[0]) - len(strings.TrimLeft(lines[0], "\t"))
	for i, l := range lines {
		l = strings.TrimPrefix(l, strings.Repeat("\t", indent))
		tabs := len(l) - len(strings.TrimLeft(l, "\t"))
		lines[i] = strings.Repeat("    ", tabs) + l[tabs:]
	}
	return strings.Join(lines, "\n")
}
