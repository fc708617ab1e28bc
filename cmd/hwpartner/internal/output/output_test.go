package output_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/core"
)

var cst = time.FixedZone("CST", 8*3600)

func cols() []output.Column {
	return []output.Column{
		output.Col("name", "Name", output.KText),
		output.Col("balance", "Balance", output.KMoney),
		output.Col("at", "At", output.KTime),
		output.Col("tags", "Tags", output.KList),
	}
}

func print(t *testing.T, f output.Format, rows ...[]any) string {
	t.Helper()
	var b bytes.Buffer
	l := output.New(&b, f, cst).List(cols()...)
	for _, r := range rows {
		require.NoError(t, l.Row(r...))
	}
	require.NoError(t, l.Close())
	return b.String()
}

func amount(t *testing.T, s string) core.Amount {
	t.Helper()
	a, err := core.ParseAmount(s)
	require.NoError(t, err)
	return a
}

func TestTableAlignsWideCharactersAndRightAlignsMoney(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 1, 1, 16, 0, 0, 0, time.UTC)
	got := print(t, output.Table,
		[]any{"华为云", output.Money{Amount: amount(t, "5.5"), Currency: "CNY"}, at, []string{"a", "b"}},
		[]any{"Acme", output.Money{Amount: amount(t, "12345.67"), Currency: "CNY"}, time.Time{}, nil},
	)
	assert.Equal(t, ""+
		"NAME         BALANCE  AT (CST)             TAGS\n"+
		"华为云      5.50 CNY  2025-01-02 00:00:00  a, b\n"+
		"Acme    12345.67 CNY\n", got)
}

func TestJSONAndCSVKeepAmountsExactWithTheirCurrency(t *testing.T) {
	t.Parallel()
	row := []any{"Acme", output.Money{Amount: amount(t, "0.10"), Currency: "CNY"}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), []string{"x"}}
	got := print(t, output.JSON, row, row)
	var v []map[string]any
	require.NoError(t, json.Unmarshal([]byte(got), &v), got)
	require.Len(t, v, 2)
	assert.Equal(t, map[string]any{"name": "Acme", "balance": "0.10", "balance_currency": "CNY", "at": "2025-01-01T08:00:00+08:00", "tags": []any{"x"}}, v[0])

	assert.Equal(t, "name,balance,balance_currency,at,tags\nAcme,0.10,CNY,2025-01-01T08:00:00+08:00,x\n", print(t, output.CSV, row))
	assert.Equal(t, "[]\n", print(t, output.JSON))
	assert.Equal(t, "name,balance,balance_currency,at,tags\n", print(t, output.CSV))
	assert.Empty(t, print(t, output.Table))
}

func TestTextFromTheAPICannotRunInASpreadsheetOrATerminal(t *testing.T) {
	t.Parallel()
	m := output.Money{Amount: amount(t, "-1.00"), Currency: "CNY"}
	got := print(t, output.CSV, []any{`=HYPERLINK("http://x")`, m, nil, []string{"@SUM(A1)"}})
	assert.Equal(t, "name,balance,balance_currency,at,tags\n\"'=HYPERLINK(\"\"http://x\"\")\",-1.00,CNY,,'@SUM(A1)\n", got,
		"formulas defused, negative amounts left as numbers")

	got = print(t, output.Table, []any{"evil\x1b[31mred\x07", m, nil, nil})
	assert.NotContains(t, got, "\x1b")
	assert.NotContains(t, got, "\x07")
	assert.Contains(t, got, "evil\uFFFD[31mred\uFFFD")
}

func TestObjectsLeaveEmptyFieldsOutOfTables(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	p := output.New(&b, output.Table, time.UTC)
	require.NoError(t, p.Object(cols(), "Acme", nil, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), []string{}))
	assert.Equal(t, "Name      Acme\nAt (UTC)  2025-01-01 00:00:00\n", b.String())

	b.Reset()
	p = output.New(&b, output.JSON, time.UTC)
	require.NoError(t, p.Object(cols(), "Acme", nil, time.Time{}, nil))
	assert.JSONEq(t, `{"name":"Acme","balance":null,"balance_currency":null,"at":null,"tags":[]}`, b.String())

	assert.Error(t, p.Object(cols(), "too few"))
	_, err := output.ParseFormat("yaml")
	assert.Error(t, err)
	f, err := output.ParseFormat("JSON")
	require.NoError(t, err)
	assert.Equal(t, output.JSON, f)
	assert.True(t, strings.Contains(strings.Join(output.Formats(), ","), "csv"))
}
