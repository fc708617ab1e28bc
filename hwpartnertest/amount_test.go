package hwpartnertest_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestAmountIsExact(t *testing.T) {
	t.Parallel()
	for in, cents := range map[string]int64{"99.99": 9999, "100": 10000, "0.5": 50, "-0.50": -50, "007.10": 710} {
		a, err := hwpartnertest.ParseAmount(in)
		require.NoError(t, err, in)
		assert.Equal(t, cents, a.Cents(), in)
		assert.Equal(t, hwpartnertest.AmountFromCents(cents), a, "== compares exactly")
	}
	for _, in := range []string{"0.001", "1e2", "ten", "", "1,00", "+1", ".5", "1."} {
		_, err := hwpartnertest.ParseAmount(in)
		assert.Error(t, err, in)
	}
	assert.Equal(t, "1200.50", hwpartnertest.AmountFromCents(1200_50).String())
	assert.Equal(t, "-0.05", hwpartnertest.AmountFromCents(-5).String())
	assert.Equal(t, hwpartnertest.Yuan(12), hwpartnertest.MustParseAmount(t, "12.00"))

	// Against the SDK's amount: exact, whatever its scale.
	a := hwpartnertest.MustParseAmount(t, "99.90")
	assert.True(t, a.Equal(hwpartner.AmountFromCents(9990)))
	sdk, err := hwpartner.ParseAmount("99.9000")
	require.NoError(t, err)
	assert.True(t, a.Equal(sdk))
	sdk, err = hwpartner.ParseAmount("99.901")
	require.NoError(t, err)
	assert.False(t, a.Equal(sdk), "a tenth of a cent apart")
	assert.False(t, a.Equal(hwpartner.AmountFromCents(9991)))
	assert.False(t, a.Equal(nil))

	var got struct{ A, B hwpartnertest.Amount }
	require.NoError(t, json.Unmarshal([]byte(`{"A":"12.30","B":0.1}`), &got))
	assert.Equal(t, hwpartnertest.AmountFromCents(1230), got.A)
	assert.Equal(t, hwpartnertest.AmountFromCents(10), got.B, "a JSON number is read digit for digit")
	out, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"12.30","B":"0.10"}`, string(out))
	assert.Error(t, json.Unmarshal([]byte(`{"A":"0.001"}`), &got))
}

func TestMustParseAmountFailsTheTest(t *testing.T) {
	t.Parallel()
	tb := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() { // Fatalf ends the goroutine, as it ends a test
		defer close(done)
		hwpartnertest.MustParseAmount(tb, "1.234")
	}()
	<-done
	assert.Contains(t, tb.fatal, `amount "1.234" is not a decimal with at most 2 decimal places`)
}

type fatalTB struct {
	testing.TB
	fatal string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
