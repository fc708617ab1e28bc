package vouchers_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// Issued quotas and records name the reseller and the operator: printed or
// logged they show redacted, as funds.Record does; JSON keeps them.
func TestIssuedAndRecordsPrintWithoutNames(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.issue(t, "5", r1)
	issued, err := e.c.Vouchers.Issued(t.Context(), nil)
	require.NoError(t, err)
	records, err := e.c.Vouchers.Records(t.Context(), nil)
	require.NoError(t, err)
	q, rec := issued.Items[0], records.Items[0]
	require.Equal(t, "Reseller One", q.ResellerName)
	require.Equal(t, hwpartnertest.DefaultAccountName, rec.Operator)

	var out strings.Builder
	for _, v := range []any{q, &q, rec, &rec, issued, records, issued.Items, records.Items} {
		fmt.Fprintf(&out, "%v|%+v|%#v|%s\n", v, v, v, v)
	}
	for _, h := range []slog.Handler{slog.NewTextHandler(&out, nil), slog.NewJSONHandler(&out, nil)} {
		slog.New(h).Info("values", "quota", q, "record", rec)
	}
	for _, name := range []string{"Reseller One", hwpartnertest.DefaultAccountName} {
		assert.NotContains(t, out.String(), name)
	}
	assert.Contains(t, out.String(), r1, "ids stay, to find the reseller")
	assert.Contains(t, q.String(), "[REDACTED]")
	assert.Contains(t, rec.String(), "[REDACTED]")

	body, err := json.Marshal([]any{q, rec})
	require.NoError(t, err)
	assert.Contains(t, string(body), `"indirect_partner_name":"Reseller One"`)
	assert.Contains(t, string(body), `"operator":"`+hwpartnertest.DefaultAccountName+`"`)
	var back vouchers.Record
	require.NoError(t, json.Unmarshal(mustJSON(t, rec), &back))
	assert.Equal(t, rec.Operator, back.Operator)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
