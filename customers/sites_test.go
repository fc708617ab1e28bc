package customers_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
)

// Every operation declares its sites; the client refuses it on the others
// before anything is sent, naming the site.
func TestSiteRule(t *testing.T) {
	t.Parallel()
	one := hwpartner.AmountFromYuan(1)
	china := map[string]func(context.Context, *hwpartner.Client) error{
		"Balances": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Balances(ctx, &customers.BalancesParams{CustomerIDs: []string{"c1"}})
			return err
		},
		"Transfer": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Transfer(ctx, &customers.TransferParams{CustomerID: "c1", Amount: one})
			return err
		},
		"Reclaim": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Reclaim(ctx, &customers.ReclaimParams{CustomerID: "c1", Amount: one})
			return err
		},
		"Resolve": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Resolve(ctx, &customers.ResolveParams{Operation: customers.OperationTransfer,
				CustomerID: "c1", Amount: one, Started: time.Now()})
			return err
		},
		"AccountChanges": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.AccountChanges(ctx, &customers.AccountChangesParams{BalanceType: customers.BalanceCash})
			return err
		},
	}
	intl := map[string]func(context.Context, *hwpartner.Client) error{
		"ShowBudget": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.ShowBudget(ctx, &customers.BudgetParams{CustomerID: "c1"})
			return err
		},
		"SetBudget": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.SetBudget(ctx, &customers.SetBudgetParams{CustomerID: "c1", Amount: one})
			return err
		},
		"ListBudgets": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.ListBudgets(ctx, &customers.ListBudgetsParams{CustomerIDs: []string{"c1"}})
			return err
		},
		"BudgetRecords": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.BudgetRecords(ctx, &customers.BudgetRecordsParams{CustomerID: "c1"})
			return err
		},
		"Freeze": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Freeze(ctx, &customers.FreezeParams{CustomerIDs: []string{"c1"}, Reason: "r"})
			return err
		},
		"Unfreeze": func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Customers.Unfreeze(ctx, &customers.FreezeParams{CustomerIDs: []string{"c1"}, Reason: "r"})
			return err
		},
	}
	check := func(t *testing.T, calls map[string]func(context.Context, *hwpartner.Client) error, site hwpartner.Site) {
		mt := newMock(t) // no answers: any request would fail differently
		c := mockClient(t, mt, site)
		for name, call := range calls {
			err := call(t.Context(), c)
			var se *core.SiteError
			require.ErrorAs(t, err, &se, name)
			assert.Equal(t, site, se.Site, name)
			assert.ErrorIs(t, err, hwpartner.ErrNotSent, name)
			assert.ErrorIs(t, err, hwpartner.ErrNotFound, name)
			assert.Contains(t, err.Error(), site.String()+" site", name)
			assert.False(t, hwpartner.IsOutcomeUnknown(err), name)
		}
		assert.Zero(t, mt.calls(), "nothing was sent, not even Transfer's customer lookup")
	}
	check(t, china, hwpartner.SiteInternational)
	check(t, china, hwpartner.SiteEU)
	check(t, intl, hwpartner.SiteChina)
}
