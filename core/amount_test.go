package core_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/core"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"99.99", "99.99"},
		{"100", "100.00"},
		{"0.1", "0.10"},
		{"-5.5", "-5.50"},
		{"007.10", "7.10"},
		{"0.005", "0.005"},
		{"12345678901234567890.12", "12345678901234567890.12"},
	} {
		a, err := core.ParseAmount(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, a.String(), tc.in)
	}
	for _, bad := range []string{"", "abc", "1e3", "1.", ".5", "1,00", " 1", "0x10", "NaN", "Inf", "1.2.3"} {
		_, err := core.ParseAmount(bad)
		assert.Error(t, err, bad)
	}
}

func TestAmountJSONDecodesStringsAndNumbersExactly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`"99.99"`, "99.99"},
		{`99.99`, "99.99"},
		{`0.1`, "0.10"},
		// Doubles a Java server writes in exponent form.
		{`1.0E7`, "10000000.00"},
		{`"1.0E7"`, "10000000.00"},
		// More digits than float64 holds survive.
		{`12345678901234567.89`, "12345678901234567.89"},
		{`0.30000000000000001`, "0.30000000000000001"},
		{`-3`, "-3.00"},
	} {
		var a core.Amount
		require.NoError(t, json.Unmarshal([]byte(tc.in), &a), tc.in)
		assert.Equal(t, tc.want, a.String(), tc.in)
	}
	for _, bad := range []string{`"x"`, `true`, `{}`, `[]`, `"1e999999999"`, `""`, `01`} {
		var a core.Amount
		assert.Error(t, json.Unmarshal([]byte(bad), &a), bad)
	}
	var a core.Amount
	require.NoError(t, json.Unmarshal([]byte(`null`), &a))
	assert.True(t, a.IsZero())
}

func TestAmountMarshalsAsStringWithTwoDecimals(t *testing.T) {
	t.Parallel()
	body, err := json.Marshal(struct {
		Amount core.Amount `json:"amount"`
	}{core.AmountFromCents(9999)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"amount":"99.99"}`, string(body))
	assert.Equal(t, `{"amount":"99.99"}`, string(body))

	body, err = json.Marshal(core.AmountFromYuan(100))
	require.NoError(t, err)
	assert.Equal(t, `"100.00"`, string(body))
}

// The decimal library has a package-level switch that any package in a
// program may flip; our encoding must not follow it.
func TestAmountEncodingIgnoresDecimalLibrarySwitches(t *testing.T) { //nolint:paralleltest // flips a library global
	old := decimal.MarshalJSONWithoutQuotes
	decimal.MarshalJSONWithoutQuotes = true
	t.Cleanup(func() { decimal.MarshalJSONWithoutQuotes = old })

	body, err := json.Marshal(core.AmountFromCents(150))
	require.NoError(t, err)
	assert.Equal(t, `"1.50"`, string(body))
}

func TestAmountArithmeticIsExact(t *testing.T) {
	t.Parallel()
	sum := core.Amount{}
	tenth, err := core.ParseAmount("0.10")
	require.NoError(t, err)
	for range 10 {
		sum = sum.Add(tenth)
	}
	assert.True(t, sum.Equal(core.AmountFromYuan(1)), sum.String())
	assert.Equal(t, "0.90", sum.Sub(tenth).String())
	assert.Equal(t, -1, tenth.Cmp(sum))
	assert.Equal(t, 1, sum.Sign())
	assert.Equal(t, "-0.10", tenth.Neg().String())

	c, ok := core.AmountFromCents(12345).Cents()
	assert.True(t, ok)
	assert.Equal(t, int64(12345), c)
	thousandth, _ := core.ParseAmount("0.001")
	_, ok = thousandth.Cents()
	assert.False(t, ok)
}

func TestCheckRequestAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want error
	}{
		{"0.01", nil},
		{"99.99", nil},
		{"1.000", nil}, // trailing zeros do not add precision
		{"0", core.ErrAmountNotPositive},
		{"-1", core.ErrAmountNotPositive},
		{"0.001", core.ErrAmountPrecision},
		{"1.005", core.ErrAmountPrecision},
	} {
		a, err := core.ParseAmount(tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.want, a.CheckRequestAmount(), tc.in)
	}
	assert.Equal(t, core.ErrAmountNotPositive, core.Amount{}.CheckRequestAmount())
}

func TestAmountText(t *testing.T) {
	t.Parallel()
	var a core.Amount
	require.NoError(t, a.UnmarshalText([]byte("12.5")))
	txt, err := a.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "12.50", string(txt))
	assert.Error(t, a.UnmarshalText([]byte("1e2")))
}

func FuzzAmountJSON(f *testing.F) {
	for _, s := range []string{`"1.00"`, `2`, `1.5e3`, `"-0.01"`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var a core.Amount
		if json.Unmarshal([]byte(in), &a) != nil {
			return
		}
		out, err := json.Marshal(a)
		require.NoError(t, err)
		var b core.Amount
		require.NoError(t, json.Unmarshal(out, &b))
		require.True(t, a.Equal(b), "%s -> %s", in, out)
	})
}

// Whatever ParseAmount and UnmarshalJSON accept comes back unchanged
// through String, JSON and text; beyond MaxAmountDigits they refuse.
func TestAmountRoundTripsUpToTheDocumentedMaximum(t *testing.T) {
	t.Parallel()
	max := strings.Repeat("9", core.MaxAmountDigits)
	accepted := []string{
		max, "-" + max, "0." + max, max + "." + max, "+" + max + ".50",
		"1." + strings.Repeat("0", 60), // trailing zeros are no digits
		"0." + strings.Repeat("0", core.MaxAmountDigits-1) + "1",
	}
	for _, in := range accepted {
		a, err := core.ParseAmount(in)
		require.NoError(t, err, in)
		again, err := core.ParseAmount(a.String())
		require.NoError(t, err, in)
		assert.True(t, a.Equal(again), in)
		assert.Equal(t, a.String(), again.String(), in)

		body, err := json.Marshal(a)
		require.NoError(t, err)
		var decoded core.Amount
		require.NoError(t, json.Unmarshal(body, &decoded), in)
		assert.True(t, a.Equal(decoded), in)

		txt, err := a.MarshalText()
		require.NoError(t, err)
		var fromText core.Amount
		require.NoError(t, fromText.UnmarshalText(txt), in)
		assert.True(t, a.Equal(fromText), in)
	}
	refused := []string{
		strings.Repeat("9", 100), max + "9", "0." + max + "9", "-" + max + "9.5",
		"0." + strings.Repeat("0", core.MaxAmountDigits) + "1",
	}
	for _, in := range refused {
		_, err := core.ParseAmount(in)
		assert.ErrorContains(t, err, "digits", in)
		var a core.Amount
		assert.Error(t, json.Unmarshal([]byte(`"`+in+`"`), &a), in)
	}
	// A server's exponent form is held to the same maximum.
	for _, in := range []string{`1e40`, `1E-41`, `"1e999999999"`} {
		var a core.Amount
		assert.Error(t, json.Unmarshal([]byte(in), &a), in)
	}
	for _, in := range []string{`1e39`, `"9.9E39"`, `1e-40`, `12.5e-2`} {
		var a core.Amount
		require.NoError(t, json.Unmarshal([]byte(in), &a), in)
		body, err := json.Marshal(a)
		require.NoError(t, err)
		var again core.Amount
		require.NoError(t, json.Unmarshal(body, &again), in)
		assert.True(t, a.Equal(again), in)
	}
}

func TestAmountIsNotComparableButHasEqual(t *testing.T) {
	t.Parallel()
	// == would compare the decimal library's internal pointers: false for
	// equal amounts. The type refuses it, so the compiler does too.
	assert.False(t, reflect.TypeFor[core.Amount]().Comparable())
	a, err := core.ParseAmount("1.00")
	require.NoError(t, err)
	b, err := core.ParseAmount("1.00")
	require.NoError(t, err)
	c, err := core.ParseAmount("1.0")
	require.NoError(t, err)
	assert.True(t, a.Equal(b))
	assert.True(t, a.Equal(c))
	assert.True(t, a.Equal(core.AmountFromCents(100)))
	assert.True(t, a.Equal(core.AmountFromYuan(1)))
	assert.False(t, a.Equal(core.AmountFromCents(101)))
	assert.True(t, core.Amount{}.Equal(core.AmountFromCents(0)))
	// String is canonical, so it serves as a map key.
	assert.Equal(t, a.String(), c.String())
}
