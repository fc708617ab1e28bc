package incentives_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/incentives"
)

const (
	database  = "数据库服务能力"
	warehouse = "数据仓库服务能力"
	migration = "上云实施规划服务能力"
)

func partner() incentives.Partner {
	return incentives.Partner{
		Name:   "Example Cloud Services Co.",
		Tier:   incentives.TierDistributor,
		Region: incentives.RegionChina,
		Stage:  incentives.StageRoleCertification,
	}
}

func granted(name string, at time.Time) incentives.ObtainedTag {
	return incentives.ObtainedTag{Name: name, GrantedAt: at}
}

var (
	march14 = time.Date(2025, 3, 14, 10, 0, 0, 0, cst)
	nov20   = time.Date(2025, 11, 20, 9, 0, 0, 0, cst)
)

func reasonFor(t *testing.T, d incentives.Decision, rule incentives.Rule) incentives.Reason {
	t.Helper()
	for _, r := range d.Reasons {
		if r.Rule == rule {
			return r
		}
	}
	t.Fatalf("no reason for rule %s", rule)
	return incentives.Reason{}
}

func unmetRules(d incentives.Decision) []incentives.Rule {
	var out []incentives.Rule
	for _, r := range d.Unmet() {
		out = append(out, r.Rule)
	}
	return out
}

// twoYears is the default catalogue, which has 2025 and 2026, so checks
// in January 2026 have a programme too.
func twoYears(t *testing.T) *incentives.Catalogue {
	t.Helper()
	c := incentives.DefaultCatalogue()
	_, ok := c.Programme(2026)
	require.True(t, ok)
	return c
}

func TestCheckEligible(t *testing.T) {
	t.Parallel()
	d, err := incentives.DefaultCatalogue().Check(partner(), granted(database, march14), nov20)
	require.NoError(t, err)
	assert.True(t, d.Eligible)
	assert.Empty(t, d.Unmet())
	assert.Equal(t, "Example Cloud Services Co.", d.Partner)
	assert.Equal(t, incentives.DefaultTags()[0], d.Tag)
	assert.True(t, march14.Equal(d.GrantedAt))
	assert.Equal(t, 2025, d.Programme)
	assert.Equal(t, "2025-12-31", d.Deadline.String())
	assert.Equal(t, 42, d.DaysLeft, "20 November to 31 December, both included")
	assert.Equal(t, []incentives.IncentiveKind{incentives.KindTraining, incentives.KindExamVoucher, incentives.KindCash}, d.Kinds)

	var rules []incentives.Rule
	for _, r := range d.Reasons {
		rules = append(rules, r.Rule)
		assert.True(t, r.Met, r.Rule)
		assert.NotEmpty(t, r.Text, r.Rule)
	}
	assert.Equal(t, []incentives.Rule{
		incentives.RuleTier, incentives.RuleRoleCertification, incentives.RuleRegionScope,
		incentives.RuleProgrammeYear, incentives.RuleDeadline, incentives.RuleFirstApplication,
	}, rules, "every rule, in order")
	assert.Equal(t, "数据库服务能力 (Database services): eligible, 42 days left (apply by 2025-12-31)", d.String())
	assert.Equal(t, "met: apply by 2025-12-31 (China Standard Time): 42 days left, today included",
		reasonFor(t, d, incentives.RuleDeadline).String())
}

func TestCheckEachRule(t *testing.T) {
	t.Parallel()
	custom, err := incentives.NewCatalogue(incentives.Programme{
		Year: 2025, From: incentives.Date{Year: 2025, Month: time.April, Day: 1}, Tags: incentives.DefaultTags(),
	})
	require.NoError(t, err)
	tests := []struct {
		name    string
		cat     *incentives.Catalogue
		partner func(*incentives.Partner)
		tag     incentives.ObtainedTag
		when    time.Time
		unmet   []incentives.Rule
		text    string
	}{
		{name: "reseller", partner: func(p *incentives.Partner) { p.Tier = incentives.TierReseller },
			unmet: []incentives.Rule{incentives.RuleTier},
			text:  "a reseller (tier-2) receives no Huawei Cloud incentive rebates and has no incentive management"},
		{name: "not on the path", partner: func(p *incentives.Partner) { p.Stage = incentives.StageNotJoined },
			unmet: []incentives.Rule{incentives.RuleRoleCertification},
			text:  "has not joined the Service Partner development path"},
		{name: "before role certification", partner: func(p *incentives.Partner) { p.Stage = incentives.StageJoined },
			unmet: []incentives.Rule{incentives.RuleRoleCertification},
			text:  "has not reached the role-certification stage"},
		{name: "China-only tag overseas", partner: func(p *incentives.Partner) { p.Region = incentives.RegionOverseas },
			tag:   granted(warehouse, march14),
			unmet: []incentives.Rule{incentives.RuleRegionScope},
			text:  "数据仓库服务能力 (Data warehouse services) is China only (仅限中国区) in 2025, and the partner is overseas"},
		{name: "overseas-only tag in China",
			tag:   granted(migration, march14),
			unmet: []incentives.Rule{incentives.RuleRegionScope},
			text:  "is overseas only (仅限海外) in 2025, and the partner is in China"},
		{name: "tag outside the scope",
			tag:   granted("安全服务能力", march14),
			unmet: []incentives.Rule{incentives.RuleRegionScope},
			text:  "安全服务能力 is not a level-1 tag in the 2025 incentive scope"},
		{name: "granted before the programme year started", cat: custom,
			tag:   granted(database, time.Date(2025, 3, 31, 23, 59, 59, 0, cst)),
			unmet: []incentives.Rule{incentives.RuleRegionScope, incentives.RuleProgrammeYear},
			text:  "the tag was granted on 2025-03-31, in no programme year of the catalogue"},
		{name: "granted after the day checked",
			tag:   granted(database, time.Date(2025, 11, 21, 0, 0, 0, 0, cst)),
			unmet: []incentives.Rule{incentives.RuleProgrammeYear},
			text:  "the tag's grant date, 2025-11-21, is after the day checked, 2025-11-20"},
		{name: "already applied", partner: func(p *incentives.Partner) { p.Applied = []string{"大数据服务能力", database} },
			unmet: []incentives.Rule{incentives.RuleFirstApplication},
			text:  "the partner has already applied with 数据库服务能力; each tag can be applied for once"},
		{name: "already applied, recorded by English name", partner: func(p *incentives.Partner) { p.Applied = []string{"Database services"} },
			unmet: []incentives.Rule{incentives.RuleFirstApplication}},
		{name: "tag asked by English name, applied by Chinese name", partner: func(p *incentives.Partner) { p.Applied = []string{database} },
			tag:   granted("Database services", march14),
			unmet: []incentives.Rule{incentives.RuleFirstApplication}},
		{name: "deadline passed",
			when:  time.Date(2026, 1, 1, 0, 0, 0, 0, cst),
			unmet: []incentives.Rule{incentives.RuleDeadline},
			text:  "the deadline, 2025-12-31, has passed: an incentive not applied for in time lapses"},
		{name: "everything wrong", partner: func(p *incentives.Partner) {
			*p = incentives.Partner{Tier: incentives.TierReseller, Region: incentives.RegionOverseas, Stage: incentives.StageJoined, Applied: []string{warehouse}}
		},
			tag:  granted(warehouse, time.Date(2024, 6, 1, 0, 0, 0, 0, cst)),
			when: nov20,
			unmet: []incentives.Rule{incentives.RuleTier, incentives.RuleRoleCertification, incentives.RuleRegionScope,
				incentives.RuleProgrammeYear, incentives.RuleDeadline, incentives.RuleFirstApplication}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := partner()
			if tt.partner != nil {
				tt.partner(&p)
			}
			cat := tt.cat
			if cat == nil {
				cat = incentives.DefaultCatalogue()
			}
			tag := tt.tag
			if tag.Name == "" {
				tag = granted(database, march14)
			}
			when := tt.when
			if when.IsZero() {
				when = nov20
			}
			d, err := cat.Check(p, tag, when)
			require.NoError(t, err)
			assert.False(t, d.Eligible)
			assert.Equal(t, tt.unmet, unmetRules(d))
			assert.Len(t, d.Reasons, 6, "every rule is reported")
			if tt.text != "" {
				found := false
				for _, r := range d.Unmet() {
					found = found || strings.Contains(r.Text, tt.text)
				}
				assert.True(t, found, "no unmet reason says %q: %v", tt.text, d.Unmet())
			}
		})
	}
}

func TestCheckDeadlineBoundaries(t *testing.T) {
	t.Parallel()
	cat := twoYears(t)
	tests := []struct {
		name     string
		when     time.Time
		inTime   bool
		daysLeft int
	}{
		{"23:59:59 on 31 Dec CST", time.Date(2025, 12, 31, 23, 59, 59, 0, cst), true, 1},
		{"the same instant in UTC", time.Date(2025, 12, 31, 15, 59, 59, 0, time.UTC), true, 1},
		{"the same instant in UTC-5", time.Date(2025, 12, 31, 10, 59, 59, 0, newYork), true, 1},
		{"the same instant in UTC+13", time.Date(2026, 1, 1, 4, 59, 59, 0, auckland), true, 1},
		{"the last nanosecond", time.Date(2025, 12, 31, 23, 59, 59, 999999999, cst), true, 1},
		{"00:00 on 1 Jan CST", time.Date(2026, 1, 1, 0, 0, 0, 0, cst), false, 0},
		{"the same instant in UTC", time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC), false, 0},
		{"the same instant in UTC-5", time.Date(2025, 12, 31, 11, 0, 0, 0, newYork), false, 0},
		{"the same instant in UTC+5:30", time.Date(2025, 12, 31, 21, 30, 0, 0, kolkata), false, 0},
		{"00:00 on 31 Dec CST", time.Date(2025, 12, 31, 0, 0, 0, 0, cst), true, 1},
		{"23:59:59 on 30 Dec CST", time.Date(2025, 12, 30, 23, 59, 59, 0, cst), true, 2},
		{"months later", time.Date(2026, 6, 1, 0, 0, 0, 0, cst), false, 0},
	}
	for _, tt := range tests {
		d, err := cat.Check(partner(), granted(database, march14), tt.when)
		require.NoError(t, err, tt.name)
		r := reasonFor(t, d, incentives.RuleDeadline)
		assert.Equal(t, tt.inTime, r.Met, tt.name)
		assert.Equal(t, tt.inTime, d.Eligible, tt.name)
		assert.Equal(t, tt.daysLeft, d.DaysLeft, tt.name)
		assert.Equal(t, "2025-12-31", d.Deadline.String(), tt.name)
	}
}

func TestCheckProgrammeYearBoundaries(t *testing.T) {
	t.Parallel()
	cat := incentives.DefaultCatalogue()
	tests := []struct {
		name    string
		granted time.Time
		inYear  bool
	}{
		{"23:59:59 on 31 Dec 2024 CST", time.Date(2024, 12, 31, 23, 59, 59, 0, cst), false},
		{"the same instant in UTC", time.Date(2024, 12, 31, 15, 59, 59, 0, time.UTC), false},
		{"00:00 on 1 Jan 2025 CST", time.Date(2025, 1, 1, 0, 0, 0, 0, cst), true},
		{"the same instant in UTC", time.Date(2024, 12, 31, 16, 0, 0, 0, time.UTC), true},
		{"the same instant in UTC-5", time.Date(2024, 12, 31, 11, 0, 0, 0, newYork), true},
		{"23:59:59 on 31 Dec 2025 CST", time.Date(2025, 12, 31, 23, 59, 59, 0, cst), true},
		{"the same instant in UTC+13", time.Date(2026, 1, 1, 4, 59, 59, 0, auckland), true},
	}
	when := time.Date(2025, 12, 31, 23, 59, 59, 0, cst)
	for _, tt := range tests {
		d, err := cat.Check(partner(), granted(database, tt.granted), when)
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.inYear, reasonFor(t, d, incentives.RuleProgrammeYear).Met, tt.name)
		assert.Equal(t, tt.inYear, d.Eligible, tt.name)
		if tt.inYear {
			assert.Equal(t, 2025, d.Programme, tt.name)
			assert.Equal(t, 1, d.DaysLeft, tt.name)
		} else {
			// Obtained in 2024: that year's deadline has passed as well.
			assert.Equal(t, []incentives.Rule{incentives.RuleRegionScope, incentives.RuleProgrammeYear, incentives.RuleDeadline}, unmetRules(d), tt.name)
			assert.Equal(t, "2024-12-31", d.Deadline.String(), tt.name)
			assert.Zero(t, d.Programme, tt.name)
		}
	}
}

func TestCheckDaysLeft(t *testing.T) {
	t.Parallel()
	cat := twoYears(t)
	tag := granted(database, time.Date(2025, 1, 1, 0, 0, 0, 0, cst))
	tests := []struct {
		when time.Time
		want int
	}{
		{time.Date(2025, 1, 1, 0, 0, 0, 0, cst), 365},
		{time.Date(2025, 6, 30, 12, 0, 0, 0, cst), 185},
		{time.Date(2025, 12, 1, 0, 0, 0, 0, cst), 31},
		{time.Date(2025, 12, 30, 15, 59, 59, 0, time.UTC), 2}, // 23:59:59 on 30 Dec CST
		{time.Date(2025, 12, 30, 16, 0, 0, 0, time.UTC), 1},   // 00:00 on 31 Dec CST
		{time.Date(2026, 1, 1, 0, 0, 0, 0, cst), 0},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, cst), 0},
	}
	for _, tt := range tests {
		d, err := cat.Check(partner(), tag, tt.when)
		require.NoError(t, err)
		assert.Equal(t, tt.want, d.DaysLeft, "%s", tt.when)
	}
	leap := incentives.DefaultProgramme(2024)
	c, err := incentives.NewCatalogue(leap)
	require.NoError(t, err)
	d, err := c.Check(partner(), granted(database, time.Date(2024, 1, 1, 0, 0, 0, 0, cst)), time.Date(2024, 1, 1, 0, 0, 0, 0, cst))
	require.NoError(t, err)
	assert.Equal(t, 366, d.DaysLeft, "leap year")
}

func TestCheckProgrammeSettings(t *testing.T) {
	t.Parallel()
	p := incentives.DefaultProgramme(2025)
	p.Deadline = incentives.Date{Year: 2026, Month: time.January, Day: 15}
	p.Kinds = []incentives.IncentiveKind{incentives.KindCash}
	cat, err := incentives.NewCatalogue(p)
	require.NoError(t, err)

	d, err := cat.Check(partner(), granted(database, march14), time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.True(t, d.Eligible, d.Unmet())
	assert.Equal(t, "2026-01-15", d.Deadline.String())
	assert.Equal(t, 6, d.DaysLeft)
	assert.Equal(t, []incentives.IncentiveKind{incentives.KindCash}, d.Kinds)

	d, err = cat.Check(partner(), granted(database, march14), time.Date(2026, 1, 16, 0, 0, 0, 0, cst))
	require.NoError(t, err)
	assert.Equal(t, []incentives.Rule{incentives.RuleDeadline}, unmetRules(d))
}

func TestCheckWithoutProgramme(t *testing.T) {
	t.Parallel()
	when := time.Date(2026, 3, 1, 0, 0, 0, 0, cst)
	tag := granted(database, time.Date(2026, 2, 1, 0, 0, 0, 0, cst))
	d, err := only2025(t).Check(partner(), tag, when)
	require.NoError(t, err)
	assert.False(t, d.Eligible)
	assert.Equal(t, []incentives.Rule{incentives.RuleRegionScope, incentives.RuleProgrammeYear}, unmetRules(d))
	assert.Contains(t, reasonFor(t, d, incentives.RuleRegionScope).Text, "scope of 数据库服务能力 is unknown")
	assert.Equal(t, "2026-12-31", d.Deadline.String(), "the deadline rule still applies")
	assert.Len(t, d.Kinds, 3)
	assert.Equal(t, "数据库服务能力: not eligible (region scope, programme year)", d.String())

	d, err = twoYears(t).Check(partner(), tag, when)
	require.NoError(t, err)
	assert.True(t, d.Eligible)
	assert.Equal(t, 2026, d.Programme)
}

func TestCheckInvalidInput(t *testing.T) {
	t.Parallel()
	cat := incentives.DefaultCatalogue()
	_, err := cat.Check(incentives.Partner{}, incentives.ObtainedTag{}, time.Time{})
	assert.Equal(t, []string{"partner.tier", "partner.region", "partner.stage", "tag.name", "tag.granted_at", "when"}, fieldsOf(t, err))

	p := partner()
	p.Region = "china " // not a region
	p.Tier = 7
	_, err = cat.Check(p, granted(database, march14), nov20)
	assert.Equal(t, []string{"partner.tier", "partner.region"}, fieldsOf(t, err))
	assert.Contains(t, err.Error(), "partner.region must be RegionChina or RegionOverseas")
}

func TestCheckAll(t *testing.T) {
	t.Parallel()
	p := partner()
	p.Tags = []incentives.ObtainedTag{granted(database, march14), granted(migration, march14), granted(warehouse, time.Date(2025, 8, 8, 0, 0, 0, 0, cst))}
	p.Applied = []string{warehouse}
	ds, err := incentives.DefaultCatalogue().CheckAll(p, nov20)
	require.NoError(t, err)
	require.Len(t, ds, 3)
	assert.True(t, ds[0].Eligible)
	assert.Equal(t, []incentives.Rule{incentives.RuleRegionScope}, unmetRules(ds[1]))
	assert.Equal(t, []incentives.Rule{incentives.RuleFirstApplication}, unmetRules(ds[2]))

	p.Tags = append(p.Tags, incentives.ObtainedTag{Name: database})
	p.Stage = 0
	_, err = incentives.DefaultCatalogue().CheckAll(p, time.Time{})
	assert.Equal(t, []string{"partner.stage", "partner.tags[3].granted_at", "when"}, fieldsOf(t, err))

	ds, err = incentives.DefaultCatalogue().CheckAll(partner(), nov20)
	require.NoError(t, err)
	assert.Empty(t, ds)
}

func TestTierRules(t *testing.T) {
	t.Parallel()
	r := incentives.TierReseller
	assert.False(t, r.ReceivesIncentiveRebates())
	assert.False(t, r.HasIncentiveManagement())
	assert.Equal(t, "a reseller (tier-2) receives no Huawei Cloud incentive rebates and has no incentive management: "+
		"Huawei computes performance and pays incentives to the distributor (tier-1) only, "+
		"and the reseller and its distributor agree their own settlement", r.IncentiveRule())
	assert.Equal(t, "reseller (tier-2)", r.String())

	dist := incentives.TierDistributor
	assert.True(t, dist.ReceivesIncentiveRebates())
	assert.True(t, dist.HasIncentiveManagement())
	assert.Contains(t, dist.IncentiveRule(), "earns Huawei Cloud incentives")
	assert.Equal(t, "distributor (tier-1)", dist.String())

	assert.False(t, incentives.Tier(0).Valid())
	assert.False(t, incentives.Tier(0).ReceivesIncentiveRebates())
	assert.Equal(t, "unknown tier", incentives.Tier(9).IncentiveRule())
}

func TestNamesOfEnums(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "role-certification stage reached", incentives.StageRoleCertification.String())
	assert.Equal(t, "not on the Service Partner development path", incentives.StageNotJoined.String())
	assert.Equal(t, "stage 9", incentives.PathStage(9).String())
	assert.Equal(t, "deadline", incentives.RuleDeadline.String())
	assert.Equal(t, "first application", incentives.RuleFirstApplication.String())
	assert.Equal(t, "rule 0", incentives.Rule(0).String())
	assert.Equal(t, "not met: x", incentives.Reason{Rule: incentives.RuleTier, Text: "x"}.String())
}
