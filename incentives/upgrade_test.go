package incentives_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/incentives"
)

func yuan(t *testing.T, s string) hwpartner.Amount {
	t.Helper()
	a, err := hwpartner.ParseAmount(s)
	require.NoError(t, err)
	return a
}

func TestDefaultUpgradeRule(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "800000.00", incentives.DefaultUpgradeRule().AnnualPerformance.String())
}

func TestAssessUpgrade(t *testing.T) {
	t.Parallel()
	rule := incentives.DefaultUpgradeRule()
	tests := []struct {
		name      string
		progress  incentives.ResellerProgress
		done      []bool
		next      incentives.UpgradeStep
		shortfall string
	}{
		{"nothing yet", incentives.ResellerProgress{}, []bool{false, false, false}, incentives.StepReachPerformance, "800000.00"},
		{"one fen short", incentives.ResellerProgress{AnnualPerformance: yuan(t, "799999.99")},
			[]bool{false, false, false}, incentives.StepReachPerformance, "0.01"},
		{"threshold reached exactly", incentives.ResellerProgress{AnnualPerformance: yuan(t, "800000")},
			[]bool{true, false, false}, incentives.StepJoinSalesSupportCentre, "0.00"},
		{"joined the programme", incentives.ResellerProgress{AnnualPerformance: yuan(t, "912345.67"), JoinedSalesSupportCentre: true},
			[]bool{true, true, false}, incentives.StepApplyForUpgrade, "0.00"},
		{"applied", incentives.ResellerProgress{AnnualPerformance: yuan(t, "912345.67"), JoinedSalesSupportCentre: true, AppliedForUpgrade: true},
			[]bool{true, true, true}, 0, "0.00"},
		{"joined before reaching the threshold", incentives.ResellerProgress{AnnualPerformance: yuan(t, "100000"), JoinedSalesSupportCentre: true},
			[]bool{false, true, false}, incentives.StepReachPerformance, "700000.00"},
	}
	for _, tt := range tests {
		st, err := rule.Assess(tt.progress)
		require.NoError(t, err, tt.name)
		require.Len(t, st.Steps, 3, tt.name)
		var done []bool
		for i, s := range st.Steps {
			done = append(done, s.Done)
			assert.Equal(t, incentives.UpgradeStep(i+1), s.Step, tt.name)
			assert.NotEmpty(t, s.Text, tt.name)
		}
		assert.Equal(t, tt.done, done, tt.name)
		assert.Equal(t, tt.next, st.Next, tt.name)
		assert.Equal(t, tt.shortfall, st.Shortfall.String(), tt.name)
	}
}

func TestAssessUpgradeTexts(t *testing.T) {
	t.Parallel()
	st, err := incentives.DefaultUpgradeRule().Assess(incentives.ResellerProgress{AnnualPerformance: yuan(t, "650000.5")})
	require.NoError(t, err)
	assert.Equal(t, "annual performance CNY 650000.50 is CNY 149999.50 short of the CNY 800000.00 threshold", st.Steps[0].Text)
	assert.Equal(t, "then apply to join the authorised sales support centre programme (授权销售支持中心计划)", st.Steps[1].Text)
	assert.Equal(t, "then apply to upgrade to distributor (总经销商) through the ecosystem manager (生态经理)", st.Steps[2].Text)
	assert.Equal(t, "reach the annual performance threshold", st.Next.String())

	st, err = incentives.UpgradeRule{AnnualPerformance: hwpartner.AmountFromYuan(1000)}.Assess(
		incentives.ResellerProgress{AnnualPerformance: hwpartner.AmountFromYuan(1000), JoinedSalesSupportCentre: true, AppliedForUpgrade: true})
	require.NoError(t, err)
	assert.Equal(t, "annual performance CNY 1000.00 reaches the CNY 1000.00 threshold", st.Steps[0].Text)
	assert.Contains(t, st.Steps[2].Text, "has applied")
	assert.Equal(t, "step 0", st.Next.String())
}

func TestAssessUpgradeInvalidRule(t *testing.T) {
	t.Parallel()
	for _, r := range []incentives.UpgradeRule{{}, {AnnualPerformance: hwpartner.AmountFromYuan(-1)}} {
		_, err := r.Assess(incentives.ResellerProgress{})
		assert.Equal(t, []string{"annual_performance"}, fieldsOf(t, err))
	}
}
