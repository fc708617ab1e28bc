package incentives_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/incentives"
)

// Zones the tests express instants in; fixed offsets need no tz database.
var (
	cst      = incentives.ChinaStandardTime()
	newYork  = time.FixedZone("UTC-5", -5*60*60)
	kolkata  = time.FixedZone("UTC+5:30", 5*60*60+30*60)
	auckland = time.FixedZone("UTC+13", 13*60*60)
)

func TestChinaStandardTime(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, cst)
	_, offset := at.Zone()
	assert.Equal(t, 8*60*60, offset)
	assert.Equal(t, time.Date(2025, 6, 1, 4, 0, 0, 0, time.UTC), at.UTC())
	_, winter := time.Date(2025, 1, 1, 0, 0, 0, 0, cst).Zone()
	assert.Equal(t, offset, winter, "no daylight saving time")
}

func TestMonthOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2024, 1, 31, 16, 30, 0, 0, time.UTC), "2024-02"},
		{time.Date(2024, 1, 31, 15, 59, 59, 0, time.UTC), "2024-01"},
		{time.Date(2024, 1, 31, 16, 0, 0, 0, time.UTC), "2024-02"},
		{time.Date(2024, 1, 31, 11, 30, 0, 0, newYork), "2024-02"},  // 16:30 UTC
		{time.Date(2024, 1, 31, 22, 0, 0, 0, kolkata), "2024-02"},   // 16:30 UTC
		{time.Date(2024, 2, 1, 4, 59, 59, 0, auckland), "2024-01"},  // 15:59:59 UTC on 31 Jan
		{time.Date(2023, 12, 31, 16, 0, 0, 0, time.UTC), "2024-01"}, // the year turns too
		{time.Date(2024, 2, 29, 12, 0, 0, 0, cst), "2024-02"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, incentives.MonthOf(tt.at).String(), "%s", tt.at)
	}
}

func TestParseMonth(t *testing.T) {
	t.Parallel()
	m, err := incentives.ParseMonth("2021-10")
	require.NoError(t, err)
	assert.Equal(t, incentives.Month{Year: 2021, Month: time.October}, m)
	assert.Equal(t, "2021-10", m.String())
	for _, bad := range []string{"", "2021-1", "2021-00", "2021-13", "21-10", "2021/10", "2021-10-01", "２０２１-10", "-021-10", "2021-+1"} {
		_, err := incentives.ParseMonth(bad)
		assert.Error(t, err, bad)
	}
}

func TestMonthText(t *testing.T) {
	t.Parallel()
	var v struct {
		M incentives.Month `json:"m"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"m":"2024-02"}`), &v))
	assert.Equal(t, incentives.Month{Year: 2024, Month: time.February}, v.M)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"m":"2024-02"}`, string(out))
	assert.Error(t, json.Unmarshal([]byte(`{"m":"2024-2"}`), &v))
	_, err = json.Marshal(struct{ M incentives.Month }{incentives.Month{Year: 2024}})
	assert.Error(t, err, "an invalid month is not written")
}

func TestMonthValid(t *testing.T) {
	t.Parallel()
	assert.True(t, incentives.Month{}.IsZero())
	assert.False(t, incentives.Month{}.Valid())
	assert.True(t, incentives.Month{Year: 9999, Month: time.December}.Valid())
	assert.False(t, incentives.Month{Year: 10000, Month: time.January}.Valid())
	assert.False(t, incentives.Month{Year: -1, Month: time.January}.Valid())
	assert.False(t, incentives.Month{Year: 2024, Month: 13}.Valid())
}

func TestMonthAsOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		m    incentives.Month
		want time.Time
	}{
		{incentives.Month{Year: 2024, Month: time.February}, time.Date(2024, 2, 29, 23, 59, 59, 0, cst)},
		{incentives.Month{Year: 2023, Month: time.February}, time.Date(2023, 2, 28, 23, 59, 59, 0, cst)},
		{incentives.Month{Year: 2024, Month: time.December}, time.Date(2024, 12, 31, 23, 59, 59, 0, cst)},
	}
	for _, tt := range tests {
		got := tt.m.AsOf()
		assert.True(t, tt.want.Equal(got), "%s: %s", tt.m, got)
		assert.Equal(t, tt.m, incentives.MonthOf(got))
	}
	assert.Equal(t, "2024-12-31T15:59:59Z", incentives.Month{Year: 2024, Month: time.December}.AsOf().UTC().Format(time.RFC3339))
}

func TestDateOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2025, 12, 31, 23, 59, 59, 0, cst), "2025-12-31"},
		{time.Date(2025, 12, 31, 15, 59, 59, 0, time.UTC), "2025-12-31"},
		{time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC), "2026-01-01"},
		{time.Date(2025, 12, 31, 11, 0, 0, 0, newYork), "2026-01-01"},
		{time.Date(2026, 1, 1, 4, 59, 59, 0, auckland), "2025-12-31"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, incentives.DateOf(tt.at).String(), "%s", tt.at)
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	d, err := incentives.ParseDate("2024-02-29")
	require.NoError(t, err)
	assert.Equal(t, incentives.Date{Year: 2024, Month: time.February, Day: 29}, d)
	assert.True(t, time.Date(2024, 2, 29, 0, 0, 0, 0, cst).Equal(d.Start()))
	for _, bad := range []string{"", "2023-02-29", "2024-04-31", "2024-00-10", "2024-1-01", "2024-01-1", "2024/01/01", "2024-01-01T00:00:00Z"} {
		_, err := incentives.ParseDate(bad)
		assert.Error(t, err, bad)
	}
	var v struct{ D incentives.Date }
	require.NoError(t, json.Unmarshal([]byte(`{"D":"2025-12-31"}`), &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"D":"2025-12-31"}`, string(out))
	assert.Error(t, json.Unmarshal([]byte(`{"D":"2025-12-32"}`), &v))
	_, err = json.Marshal(struct{ D incentives.Date }{incentives.Date{Year: 2025, Month: 2, Day: 30}})
	assert.Error(t, err)
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	d := func(s string) incentives.Date {
		v, err := incentives.ParseDate(s)
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, 1, d("2025-12-30").DaysUntil(d("2025-12-31")))
	assert.Equal(t, 0, d("2025-12-31").DaysUntil(d("2025-12-31")))
	assert.Equal(t, -1, d("2026-01-01").DaysUntil(d("2025-12-31")))
	assert.Equal(t, 364, d("2025-01-01").DaysUntil(d("2025-12-31")))
	assert.Equal(t, 365, d("2024-01-01").DaysUntil(d("2024-12-31")), "leap year")
	// Far apart days, inside the years Date accepts.
	assert.Equal(t, 3652058, d("0001-01-01").DaysUntil(d("9999-12-31")))
	assert.Equal(t, -3652058, d("9999-12-31").DaysUntil(d("0001-01-01")))
	assert.Equal(t, 118704, d("1700-12-31").DaysUntil(d("2025-12-31")))
	assert.Equal(t, -1, d("2025-01-01").Compare(d("2025-01-02")))
	assert.Equal(t, 0, d("2025-01-01").Compare(d("2025-01-01")))
	assert.Equal(t, 1, d("2026-01-01").Compare(d("2025-12-31")))
	assert.True(t, incentives.Date{}.IsZero())
	assert.False(t, incentives.Date{}.Valid())
}
