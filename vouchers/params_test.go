package vouchers_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// The list filters accept everything up to the documented limits and
// refuse one past them; the fake agrees at the limits.
func TestListParamsLimits(t *testing.T) {
	t.Parallel()
	id64 := strings.Repeat("q", 64)
	ids50 := make([]string, vouchers.MaxQuotaIDs)
	for i := range ids50 {
		ids50[i] = id64
	}
	all := []vouchers.Status{vouchers.StatusNormal, vouchers.StatusInvalid, vouchers.StatusAdjusting, vouchers.StatusFrozen, vouchers.StatusNormal}
	lastSecond := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	edge := hwpartner.ListOptions{Offset: math.MaxInt32, Limit: 100}
	past := hwpartner.ListOptions{Offset: math.MaxInt32 + 1, Limit: 101}

	atLimit := &vouchers.QuotasParams{
		ResellerID: strings.Repeat("r", 64), QuotaIDs: ids50, Statuses: all,
		Type: hwpartner.Ptr(vouchers.CashCouponQuota), CreatedBefore: lastSecond, ListOptions: edge,
	}
	require.NoError(t, atLimit.Validate())
	require.NoError(t, (*vouchers.QuotasParams)(nil).Validate(), "no filter at all")
	assert.Equal(t, []string{"quota_ids", "quota_status_list", "offset", "limit"}, fields(t, (&vouchers.QuotasParams{
		QuotaIDs: append(ids50, "one more"), Statuses: append(all, vouchers.StatusFrozen), ListOptions: past,
	}).Validate()))

	require.NoError(t, (&vouchers.IssuedParams{QuotaID: id64, ResellerID: id64, ParentQuotaID: hwpartner.Ptr(""), ListOptions: edge}).Validate())
	require.NoError(t, (*vouchers.IssuedParams)(nil).Validate())
	assert.Equal(t, []string{"offset", "limit"}, fields(t, (&vouchers.IssuedParams{ListOptions: past}).Validate()))

	require.NoError(t, (&vouchers.RecordsParams{
		ResellerID: id64, QuotaID: id64, ParentQuotaID: hwpartner.Ptr(id64), Operation: vouchers.OperationReclaim,
		OperatedAfter: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), OperatedBefore: lastSecond, ListOptions: edge,
	}).Validate())
	require.NoError(t, (*vouchers.RecordsParams)(nil).Validate())
	assert.Equal(t, []string{"operation_type", "offset", "limit"}, fields(t, (&vouchers.RecordsParams{Operation: "issue", ListOptions: past}).Validate()))

	// The fake takes the largest filter the client lets through.
	e := setup(t)
	_, err := e.c.Vouchers.Quotas(t.Context(), &vouchers.QuotasParams{QuotaIDs: ids50, Statuses: all, ListOptions: hwpartner.ListOptions{Limit: 100}})
	require.NoError(t, err)
}
