package incentives

import (
	"fmt"

	"github.com/hwpartner/go-hwpartner/core"
)

// UpgradeRule is the path from reseller (tier-2) to distributor (tier-1):
// reach the annual performance threshold, join the authorised sales
// support centre programme (授权销售支持中心计划), then apply to upgrade
// through the ecosystem manager (生态经理).
type UpgradeRule struct {
	// AnnualPerformance is the threshold, in CNY (yuan).
	AnnualPerformance core.Amount
}

// DefaultUpgradeRule returns the documented rule: CNY 800,000 a year.
func DefaultUpgradeRule() UpgradeRule {
	return UpgradeRule{AnnualPerformance: core.AmountFromYuan(800_000)}
}

// ResellerProgress is where a reseller is on the upgrade path.
type ResellerProgress struct {
	// AnnualPerformance is the reseller's performance over the year, CNY.
	AnnualPerformance core.Amount
	// JoinedSalesSupportCentre: it has joined the authorised sales support
	// centre programme.
	JoinedSalesSupportCentre bool
	// AppliedForUpgrade: it has applied to become a distributor through
	// its ecosystem manager.
	AppliedForUpgrade bool
}

// UpgradeStep is one step of the upgrade path.
type UpgradeStep int

// Steps, in order.
const (
	StepReachPerformance UpgradeStep = iota + 1
	StepJoinSalesSupportCentre
	StepApplyForUpgrade
)

// String names the step.
func (s UpgradeStep) String() string {
	switch s {
	case StepReachPerformance:
		return "reach the annual performance threshold"
	case StepJoinSalesSupportCentre:
		return "join the authorised sales support centre programme (授权销售支持中心计划)"
	case StepApplyForUpgrade:
		return "apply to upgrade to distributor (总经销商) through the ecosystem manager (生态经理)"
	}
	return fmt.Sprintf("step %d", int(s))
}

// StepStatus is one step and whether it is done.
type StepStatus struct {
	Step UpgradeStep
	Done bool
	// Text explains the step's state in plain words.
	Text string
}

// UpgradeStanding reports where a reseller stands on the upgrade path.
type UpgradeStanding struct {
	// Steps lists every step in order.
	Steps []StepStatus
	// Next is the first step not done; 0 when all are done.
	Next UpgradeStep
	// Shortfall is the performance still missing to reach the threshold;
	// zero once it is reached.
	Shortfall core.Amount
}

// Assess reports where a reseller with progress p stands. A threshold that
// is not greater than 0 is a *core.ValidationError.
func (r UpgradeRule) Assess(p ResellerProgress) (UpgradeStanding, error) {
	var v core.Validator
	v.Check(r.AnnualPerformance.Sign() > 0, "annual_performance", "must be greater than 0")
	if err := v.Err(); err != nil {
		return UpgradeStanding{}, err
	}
	var st UpgradeStanding
	reached := p.AnnualPerformance.Cmp(r.AnnualPerformance) >= 0
	perf := StepStatus{Step: StepReachPerformance, Done: reached}
	if reached {
		perf.Text = fmt.Sprintf("annual performance CNY %s reaches the CNY %s threshold", p.AnnualPerformance, r.AnnualPerformance)
	} else {
		st.Shortfall = r.AnnualPerformance.Sub(p.AnnualPerformance)
		perf.Text = fmt.Sprintf("annual performance CNY %s is CNY %s short of the CNY %s threshold", p.AnnualPerformance, st.Shortfall, r.AnnualPerformance)
	}
	join := StepStatus{Step: StepJoinSalesSupportCentre, Done: p.JoinedSalesSupportCentre}
	if join.Done {
		join.Text = "has joined the authorised sales support centre programme (授权销售支持中心计划)"
	} else {
		join.Text = "then apply to join the authorised sales support centre programme (授权销售支持中心计划)"
	}
	apply := StepStatus{Step: StepApplyForUpgrade, Done: p.AppliedForUpgrade}
	if apply.Done {
		apply.Text = "has applied to upgrade to distributor (总经销商) through the ecosystem manager (生态经理)"
	} else {
		apply.Text = "then apply to upgrade to distributor (总经销商) through the ecosystem manager (生态经理)"
	}
	st.Steps = []StepStatus{perf, join, apply}
	for _, s := range st.Steps {
		if !s.Done {
			st.Next = s.Step
			break
		}
	}
	return st, nil
}
