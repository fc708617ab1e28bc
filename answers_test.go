package hwpartner_test

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/incentives"
	"github.com/hwpartner/go-hwpartner/internal/transport"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// sdkCall is one public call of the SDK with the route it takes.
type sdkCall struct {
	name, method, path string
	money              bool
	// emptyObjectOK: {} is a real answer of the operation (no field of
	// its answer is always present).
	emptyObjectOK bool
	call          func(context.Context, *hwpartner.Client) error
}

func sdkCalls(t *testing.T) []sdkCall {
	month, err := incentives.ParseMonth("2026-11")
	require.NoError(t, err)
	amt := hwpartner.AmountFromCents(500)
	passport := &realname.IndividualParams{CustomerID: "c1", Certificate: realname.Passport, Name: "Zhang San", Number: "E1",
		XAccountType: "x", Files: []realname.Attachment{{Role: realname.RoleDataPage, Path: "a.png"},
			{Role: realname.RoleEntryStampPage, Path: "b.png"}, {Role: realname.RoleHandheldDataPage, Path: "c.png"}}}
	enterprise := &realname.EnterpriseParams{CustomerID: "c1", CorpName: "Acme", Number: "9131", XAccountType: "x",
		Files: []realname.Attachment{{Role: realname.RoleOrgCertificate, Path: "l.pdf"}}}
	return []sdkCall{
		{"resellers.List", "POST", "/v2/partners/indirect-partners/query", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Resellers.List(ctx, nil)
			return err
		}},
		{"resellers.Get", "POST", "/v2/partners/indirect-partners/query", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Resellers.Get(ctx, "r1")
			return err
		}},
		{"funds.OwnBalance", "GET", "/v2/accounts/partner-accounts/balances", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Funds.OwnBalance(ctx)
			return err
		}},
		{"funds.Records", "GET", "/v3/accounts/partner-accounts/adjust-records", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Funds.Records(ctx, nil)
			return err
		}},
		{"vouchers.Quotas", "POST", "/v2/partners/coupon-quotas/query", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Vouchers.Quotas(ctx, nil)
			return err
		}},
		{"vouchers.Issued", "GET", "/v2/partners/issued-coupon-quotas", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Vouchers.Issued(ctx, nil)
			return err
		}},
		{"vouchers.Records", "GET", "/v2/partners/coupon-quotas/records", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Vouchers.Records(ctx, &vouchers.RecordsParams{ResellerID: "r1"})
			return err
		}},
		{"incentives.DiscountPolicies", "GET", "/v2/products/incentive-discount-policies", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Incentives.DiscountPolicies(ctx, &incentives.DiscountPoliciesParams{Month: month})
			return err
		}},
		{"realname.ReviewResult", "GET", "/v2/customers/realname-auths/result", false, true, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.RealName.ReviewResult(ctx, "c1")
			return err
		}},
		{"funds.Transfer", "POST", "/v2/accounts/partner-accounts/indirect-partner-adjust", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: "r1", Amount: amt})
			return err
		}},
		{"funds.Reclaim", "POST", "/v2/accounts/partner-accounts/indirect-partner-reclaim", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Funds.Reclaim(ctx, &funds.ReclaimParams{ResellerID: "r1", Amount: amt})
			return err
		}},
		{"vouchers.Issue", "POST", "/v2/partners/coupon-quotas/indirect-partner-adjust", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			res, err := c.Vouchers.Issue(ctx, &vouchers.IssueParams{QuotaID: "q1", ResellerIDs: []string{"r1"}, Amount: amt})
			if err == nil && len(res.Unreported) > 0 {
				return errUnreported
			}
			return err
		}},
		{"vouchers.Reclaim", "POST", "/v2/partners/coupon-quotas/indirect-partner-reclaim", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			res, err := c.Vouchers.Reclaim(ctx, &vouchers.ReclaimParams{QuotaIDs: []string{"q1"}})
			if err == nil && len(res.Unreported) > 0 {
				return errUnreported
			}
			return err
		}},
		{"realname.SubmitIndividual", "POST", "/v2/customers/realname-auths/individual", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.RealName.SubmitIndividual(ctx, passport)
			return err
		}},
		{"realname.SubmitEnterprise", "POST", "/v2/customers/realname-auths/enterprise", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.RealName.SubmitEnterprise(ctx, enterprise)
			return err
		}},
		{"realname.ChangeToEnterprise", "PUT", "/v2/customers/realname-auths/enterprise", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.RealName.ChangeToEnterprise(ctx, enterprise)
			return err
		}},
		{"customers.List", "POST", "/v2/partners/sub-customers/query", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.List(ctx, nil)
			return err
		}},
		{"customers.CheckIdentity", "POST", "/v2/partners/sub-customers/users/check-identity", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.CheckIdentity(ctx, &customers.CheckIdentityParams{Type: customers.SearchName, Value: "abcdef"})
			return err
		}},
		{"customers.Balances", "POST", "/v2/accounts/customer-accounts/balances/batch-query", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Balances(ctx, &customers.BalancesParams{CustomerIDs: []string{"c1"}})
			return err
		}},
		{"customers.AccountChanges", "GET", "/v2/accounts/partner-accounts/account-change-records", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.AccountChanges(ctx, &customers.AccountChangesParams{BalanceType: customers.BalanceCash})
			return err
		}},
		{"customers.ShowBudget", "GET", "/v2/partners/sub-customers/budget", false, true, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.ShowBudget(ctx, &customers.BudgetParams{CustomerID: "c1"})
			return err
		}},
		{"customers.SetBudget", "POST", "/v2/partners/sub-customers/budget", false, true, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.SetBudget(ctx, &customers.SetBudgetParams{CustomerID: "c1", Amount: amt})
			return err
		}},
		{"customers.ListBudgets", "POST", "/v2/partners/sub-customers/budget/query", false, true, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.ListBudgets(ctx, &customers.ListBudgetsParams{CustomerIDs: []string{"c1"}})
			return err
		}},
		{"customers.BudgetRecords", "GET", "/v2/partners/sub-customers/budget/records", false, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.BudgetRecords(ctx, &customers.BudgetRecordsParams{CustomerID: "c1"})
			return err
		}},
		{"customers.Freeze", "POST", "/v2/partners/sub-customers/freeze", false, true, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Freeze(ctx, &customers.FreezeParams{CustomerIDs: []string{"c1"}, Reason: "r"})
			return err
		}},
		{"customers.Create", "POST", "/v2/partners/sub-customers", true, false, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Create(ctx, &customers.CreateParams{XAccountID: "u", XAccountType: "t"})
			return err
		}},
		{"customers.SendVerificationCode", "POST", "/v2/bases/verificationcode/send", true, true, func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.SendVerificationCode(ctx, &customers.SendCodeParams{MobilePhone: "13800000000"})
			return err
		}},
	}
}

// errUnreported stands for a batch answer that left items unaccounted for:
// their outcome is unknown, which the result says item by item.
var errUnreported = errors.New("items unreported")

// A 2xx answer a proxy or gateway mangled is never "nothing happened":
// queries retry it and fail, money calls report an unknown outcome.
func TestMalformedSuccessAnswers(t *testing.T) {
	t.Parallel()
	bodies := map[string]string{
		"empty":        "",
		"empty object": "{}",
		"not object":   "[]",
		"null":         "null",
		"html":         "<html>gateway</html>",
		"truncated":    `{"total_count":1,"count":1,"account_balances":[{"amount":1`,
	}
	for _, call := range sdkCalls(t) {
		for kind, body := range bodies {
			if kind == "empty object" && call.emptyObjectOK {
				continue
			}
			t.Run(call.name+" "+kind, func(t *testing.T) {
				t.Parallel()
				c, mt := newMockClient(t)
				// Content-Length matches the (truncated) body.
				mt.RegisterResponder(call.method, testURL+call.path, jsonResp(200, body))
				err := call.call(t.Context(), c)
				require.Error(t, err)
				if call.money {
					if errors.Is(err, errUnreported) {
						return // the batch result marks every item unknown
					}
					assert.True(t, hwpartner.IsOutcomeUnknown(err), "%v", err)
					assert.Equal(t, 1, mt.GetTotalCallCount(), "a money call is not resent")
					return
				}
				assert.ErrorIs(t, err, hwpartner.ErrMalformed)
				assert.Equal(t, 4, mt.GetTotalCallCount(), "retried like a 5xx")
			})
		}
	}
}

// A query whose answer lacks its count is retried until a whole one comes.
func TestMalformedAnswerIsRetriedUntilWhole(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	mt.RegisterResponder("POST", testURL+"/v2/partners/indirect-partners/query", sequence(
		jsonResp(200, `{}`),
		jsonResp(200, `{"count":1,"indirect_partners":[{"indirect_partner_id":"r1"}]}`)))
	r, err := c.Resellers.Get(t.Context(), "r1")
	require.NoError(t, err)
	assert.Equal(t, "r1", r.ID)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

// Failures that prove nothing reached the service say it is safe to send
// again; money calls are then retried by the SDK itself, except where a
// retry cannot help.
func TestNotSentClasses(t *testing.T) {
	t.Parallel()
	transferCall := func(ctx context.Context, c *hwpartner.Client) error {
		_, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: "r1", Amount: hwpartner.AmountFromCents(100)})
		return err
	}
	opts := func(endpoint string, more ...hwpartner.Option) []hwpartner.Option {
		return append([]hwpartner.Option{hwpartner.WithAKSK(testAK, testSK), hwpartner.WithEndpoint(endpoint),
			hwpartner.WithRetry(2, time.Millisecond, time.Millisecond)}, more...)
	}

	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		ln.Close()
		c, err := hwpartner.NewClient(opts("http://" + addr)...)
		require.NoError(t, err)
		err = transferCall(t.Context(), c)
		assert.True(t, hwpartner.IsNotSent(err), "%v", err)
		assert.False(t, hwpartner.IsOutcomeUnknown(err))
		assert.Contains(t, err.Error(), "safe to send again")
		var oe *hwpartner.OperationError
		require.ErrorAs(t, err, &oe)
		assert.Equal(t, 3, oe.Attempts, "retried: it never left")
	})

	t.Run("TLS certificate refused", func(t *testing.T) {
		t.Parallel()
		var hits int
		srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
		t.Cleanup(srv.Close)
		srv.Config.ErrorLog = discardLog()
		c, err := hwpartner.NewClient(opts(srv.URL)...)
		require.NoError(t, err)
		err = transferCall(t.Context(), c)
		assert.True(t, hwpartner.IsNotSent(err), "%v", err)
		assert.False(t, hwpartner.IsOutcomeUnknown(err))
		var oe *hwpartner.OperationError
		require.ErrorAs(t, err, &oe)
		assert.Equal(t, 1, oe.Attempts, "a retry cannot fix a certificate")
		assert.Zero(t, hits)
	})

	t.Run("proxy refuses CONNECT", func(t *testing.T) {
		t.Parallel()
		proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "forbidden", http.StatusForbidden)
		}))
		t.Cleanup(proxy.Close)
		base := transport.DefaultBase()
		pu, _ := url.Parse(proxy.URL)
		base.Proxy = http.ProxyURL(pu)
		c, err := hwpartner.NewClient(opts("https://bss.example.test", hwpartner.WithTransport(base))...)
		require.NoError(t, err)
		err = transferCall(t.Context(), c)
		assert.True(t, hwpartner.IsNotSent(err), "%v", err)
		assert.False(t, hwpartner.IsOutcomeUnknown(err))
	})

	t.Run("context ended before sending", func(t *testing.T) {
		t.Parallel()
		c, mt := newMockClient(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		err := transferCall(ctx, c)
		assert.True(t, hwpartner.IsNotSent(err), "%v", err)
		assert.Zero(t, mt.GetTotalCallCount())
	})

	for _, tc := range []struct {
		name, code, layer string
		status            int
		throttled         bool
	}{
		{"gateway throttle", "APIGW.0308", "API gateway", 429, true},
		{"gateway throttle, legacy code", "APIG.0308", "API gateway", 429, true},
		{"service throttle", "CBC.0250", "service's flow control", 429, true},
		{"gateway refuses the signature", "APIGW.0301", "API gateway", 401, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockClient(t)
			mt.RegisterResponder("POST", testURL+"/v2/accounts/partner-accounts/indirect-partner-adjust",
				jsonResp(tc.status, `{"error_code":"`+tc.code+`","error_msg":"refused"}`))
			err := transferCall(t.Context(), c)
			assert.True(t, hwpartner.IsNotSent(err), "%v", err)
			assert.Equal(t, tc.throttled, hwpartner.IsThrottled(err))
			assert.False(t, hwpartner.IsOutcomeUnknown(err))
			assert.Contains(t, err.Error(), tc.layer)
			assert.Contains(t, err.Error(), "safe to send again")
			assert.Equal(t, 1, mt.GetTotalCallCount(), "money calls are not resent automatically (spec §11.3)")
		})
	}

	t.Run("5xx is not a refusal", func(t *testing.T) {
		t.Parallel()
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", testURL+"/v2/accounts/partner-accounts/indirect-partner-adjust", jsonResp(503, `{"error_code":"CBC.0999","error_msg":"busy"}`))
		err := transferCall(t.Context(), c)
		assert.False(t, hwpartner.IsNotSent(err))
		assert.True(t, hwpartner.IsOutcomeUnknown(err))
		assert.NotContains(t, err.Error(), "safe to send again")
	})
}

// An operation the site does not offer is refused before any I/O, with an
// error that names the site.
func TestSiteRule(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(testAK, testSK), hwpartner.WithSite(hwpartner.SiteInternational),
		hwpartner.WithTransport(mt))
	require.NoError(t, err)
	_, err = c.Funds.Transfer(t.Context(), &funds.TransferParams{ResellerID: "r1", Amount: hwpartner.AmountFromCents(100)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "international")
	assert.True(t, hwpartner.IsNotSent(err))
	assert.True(t, hwpartner.IsNotFound(err))
	_, err = c.Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: "q", ResellerIDs: []string{"r1"}, Amount: hwpartner.AmountFromCents(100)})
	assert.True(t, hwpartner.IsNotFound(err), "%v", err)
	assert.Zero(t, mt.GetTotalCallCount())

	// Resellers exist on every site.
	mt.RegisterResponder("POST", "=~/v2/partners/indirect-partners/query", jsonResp(200, `{"count":0,"indirect_partners":[]}`))
	_, err = c.Resellers.List(t.Context(), nil)
	require.NoError(t, err)
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }
