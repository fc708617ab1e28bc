package vouchers_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/vouchers"
)

func TestEnumStrings(t *testing.T) {
	t.Parallel()
	for want, s := range map[string]interface{ String() string }{
		"normal":                 vouchers.StatusNormal,
		"invalid":                vouchers.StatusInvalid,
		"under adjustment":       vouchers.StatusAdjusting,
		"frozen":                 vouchers.StatusFrozen,
		"reclaimed":              vouchers.StatusReclaimed,
		"Status(1)":              vouchers.Status(1),
		"cash voucher":           vouchers.CashVoucherQuota,
		"cash coupon":            vouchers.CashCouponQuota,
		"QuotaType(7)":           vouchers.QuotaType(7),
		"issue":                  vouchers.OperationIssue,
		"reclaim":                vouchers.OperationReclaim,
		`OperationType("12")`:    vouchers.OperationType("12"),
		"succeeded":              vouchers.ResultSucceeded,
		"failed":                 vouchers.ResultFailed,
		`RecordResult("1")`:      vouchers.RecordResult("1"),
		`OperationType("")`:      vouchers.OperationType(""),
		"QuotaType(-1)":          vouchers.QuotaType(-1),
		"Status(-3)":             vouchers.Status(-3),
		`RecordResult("absent")`: vouchers.RecordResult("absent"),
	} {
		assert.Equal(t, want, s.String())
	}
	// The wire values are the API's.
	assert.Equal(t, "10", string(vouchers.OperationIssue))
	assert.Equal(t, "11", string(vouchers.OperationReclaim))
	assert.Equal(t, "0", string(vouchers.ResultSucceeded))
	assert.Equal(t, "-1", string(vouchers.ResultFailed))
	assert.Equal(t, 6, int(vouchers.StatusReclaimed))
}

// Amounts arrive as numbers or strings; both decode exactly.
func TestModelsDecode(t *testing.T) {
	t.Parallel()
	var q vouchers.IssuedQuota
	require.NoError(t, json.Unmarshal([]byte(`{
		"quota_id":"2020061902584509","quota_type":0,"create_time":"2020-06-19T02:58:45Z",
		"last_update_time":"2020-06-20T00:00:00Z","quota_value":1000000000000.01,"quota_status":6,
		"balance":"0.1","measure_id":1,"currency":"CNY","effective_time":"2020-06-19T00:00:00Z",
		"expire_time":"2021-06-19T00:00:00Z",
		"limit_infos":[{"limit_key":"subscribeType","limit_values":[{"value1":"new","value2":""}]}],
		"indirect_partner_id":"05bad7a90700d5bf0ff6c00ae40d0ca0","indirect_partner_account_name":"acc",
		"indirect_partner_name":"name","parent_quota_id":"2020010206413502"}`), &q))
	assert.Equal(t, "1000000000000.01", q.Value.String(), "no float rounding")
	assert.Equal(t, "0.10", q.Balance.String())
	assert.Equal(t, vouchers.StatusReclaimed, q.Status)
	assert.Equal(t, "2020010206413502", q.ParentQuotaID)
	assert.Equal(t, "05bad7a90700d5bf0ff6c00ae40d0ca0", q.ResellerID)
	assert.Equal(t, time.Date(2020, 6, 19, 2, 58, 45, 0, time.UTC), q.Created.Time)
	assert.Equal(t, "subscribeType", q.Limits[0].Key)

	var r vouchers.Record
	require.NoError(t, json.Unmarshal([]byte(`{"id":"1","operation_type":"11","result":"-1","amount":"12.30","operation_time":"2019-05-06T08:05:01Z"}`), &r))
	assert.Equal(t, vouchers.OperationReclaim, r.Operation)
	assert.Equal(t, vouchers.ResultFailed, r.Result)
	assert.Equal(t, "12.30", r.Amount.String())

	// Round trip: what the SDK writes, it reads back the same.
	out, err := json.Marshal(q)
	require.NoError(t, err)
	var back vouchers.IssuedQuota
	require.NoError(t, json.Unmarshal(out, &back))
	assert.True(t, q.Value.Equal(back.Value))
	assert.Equal(t, q.Expires, back.Expires)
	assert.Equal(t, q.Limits, back.Limits)
}
