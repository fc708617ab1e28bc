package incentives

import (
	"fmt"
	"strings"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// Tier is a partner's place in the distribution chain.
type Tier int

// Tiers.
const (
	// TierDistributor is a tier-1 partner (总经销商 / 一级经销商), which
	// Huawei authorises to develop, support, train and manage resellers.
	// Use it too for other partners contracted with Huawei directly, such
	// as solution providers.
	TierDistributor Tier = iota + 1
	// TierReseller is a tier-2 partner (云经销商 / 二级经销商), developed,
	// supported and managed by a distributor; it offers pre-sales
	// consulting, sales and service for Huawei Cloud.
	TierReseller
)

// Valid reports whether t is one of the tiers.
func (t Tier) Valid() bool { return t == TierDistributor || t == TierReseller }

// String returns "distributor (tier-1)" or "reseller (tier-2)".
func (t Tier) String() string {
	switch t {
	case TierDistributor:
		return "distributor (tier-1)"
	case TierReseller:
		return "reseller (tier-2)"
	}
	return fmt.Sprintf("tier %d", int(t))
}

// ReceivesIncentiveRebates reports whether Huawei pays the tier incentive
// rebates. Resellers get none: Huawei pays sales incentives to the
// distributor only.
func (t Tier) ReceivesIncentiveRebates() bool { return t == TierDistributor }

// HasIncentiveManagement reports whether the tier's Partner Center has
// incentive management. A reseller's has none, since Huawei takes no
// part in settlement between a reseller and its distributor.
func (t Tier) HasIncentiveManagement() bool { return t == TierDistributor }

// IncentiveRule states in plain words what the tier gets from Huawei's
// incentives.
func (t Tier) IncentiveRule() string {
	switch t {
	case TierDistributor:
		return "a distributor (tier-1) earns Huawei Cloud incentives and manages them in the Partner Center"
	case TierReseller:
		return "a reseller (tier-2) receives no Huawei Cloud incentive rebates and has no incentive management: " +
			"Huawei computes performance and pays incentives to the distributor (tier-1) only, " +
			"and the reseller and its distributor agree their own settlement"
	}
	return "unknown tier"
}

// PathStage is how far a partner has come on the Service Partner
// development path (服务伙伴发展路径).
type PathStage int

// Stages.
const (
	// StageNotJoined: the partner has not joined the path.
	StageNotJoined PathStage = iota + 1
	// StageJoined: joined, but the role-certification stage is not reached.
	StageJoined
	// StageRoleCertification: the role-certification stage (角色认证阶段)
	// is reached.
	StageRoleCertification
)

// Valid reports whether s is one of the stages.
func (s PathStage) Valid() bool { return s >= StageNotJoined && s <= StageRoleCertification }

// String describes the stage.
func (s PathStage) String() string {
	switch s {
	case StageNotJoined:
		return "not on the Service Partner development path"
	case StageJoined:
		return "on the Service Partner development path, before role certification"
	case StageRoleCertification:
		return "role-certification stage reached"
	}
	return fmt.Sprintf("stage %d", int(s))
}

// Partner is what the rules need to know about a partner.
type Partner struct {
	// Name is for display only.
	Name   string
	Tier   Tier
	Region Region
	Stage  PathStage
	// Tags are the level-1 tags the Partner Center granted (for CheckAll).
	Tags []ObtainedTag
	// Applied names the level-1 tags the partner has already applied for
	// (in any year): each tag can be applied for once.
	Applied []string
}

// ObtainedTag is a level-1 tag a partner holds.
type ObtainedTag struct {
	// Name is the tag's official Chinese name (or its English name in the
	// catalogue).
	Name string
	// GrantedAt is when the Partner Center granted the tag, as its
	// certification record shows.
	GrantedAt time.Time
}

// Rule is one condition of the incentive.
type Rule int

// Rules, in the order a Decision lists them.
const (
	// RuleTier: resellers (tier-2) are not eligible.
	RuleTier Rule = iota + 1
	// RuleRoleCertification: the role-certification stage of the Service
	// Partner development path is reached.
	RuleRoleCertification
	// RuleRegionScope: the tag is in the incentive scope for the partner's
	// region in the programme year in which it was granted.
	RuleRegionScope
	// RuleProgrammeYear: the tag was granted inside a programme year of
	// the catalogue, and not after the time checked.
	RuleProgrammeYear
	// RuleDeadline: the application deadline has not passed.
	RuleDeadline
	// RuleFirstApplication: the partner has not applied with this tag before.
	RuleFirstApplication
)

// String names the rule.
func (r Rule) String() string {
	switch r {
	case RuleTier:
		return "tier"
	case RuleRoleCertification:
		return "role certification"
	case RuleRegionScope:
		return "region scope"
	case RuleProgrammeYear:
		return "programme year"
	case RuleDeadline:
		return "deadline"
	case RuleFirstApplication:
		return "first application"
	}
	return fmt.Sprintf("rule %d", int(r))
}

// Reason is the outcome of one rule, with its explanation.
type Reason struct {
	Rule Rule
	Met  bool
	// Text explains the outcome in plain words.
	Text string
}

// String returns "met: ..." or "not met: ...".
func (r Reason) String() string {
	if r.Met {
		return "met: " + r.Text
	}
	return "not met: " + r.Text
}

// Decision is whether a partner can apply for the capability-improvement
// incentive with one tag, and why.
type Decision struct {
	// Partner is the partner's name.
	Partner string
	// Tag is the catalogue's entry for the tag; for a tag the programme
	// does not list, only NameZH is set, to the name asked about.
	Tag       Tag
	GrantedAt time.Time
	// Programme is the programme year in which the tag was granted; 0
	// when the catalogue has none for its grant date.
	Programme int
	// Eligible is true when every rule is met.
	Eligible bool
	// Reasons holds every rule, met or not, in the order of the Rule
	// constants.
	Reasons []Reason
	// Deadline is the last day to apply (inclusive, China Standard Time).
	Deadline Date
	// DaysLeft counts the days on which an application can still be made,
	// today included: 1 on the deadline day, 0 once it has passed.
	DaysLeft int
	// Kinds are the incentives one application covers.
	Kinds []IncentiveKind
}

// Unmet returns the reasons whose rule is not met.
func (d Decision) Unmet() []Reason {
	var out []Reason
	for _, r := range d.Reasons {
		if !r.Met {
			out = append(out, r)
		}
	}
	return out
}

// String summarises the decision on one line.
func (d Decision) String() string {
	if d.Eligible {
		return fmt.Sprintf("%s: eligible, %s left (apply by %s)", d.Tag, days(d.DaysLeft), d.Deadline)
	}
	unmet := make([]string, 0, len(d.Reasons))
	for _, r := range d.Unmet() {
		unmet = append(unmet, r.Rule.String())
	}
	return fmt.Sprintf("%s: not eligible (%s)", d.Tag, strings.Join(unmet, ", "))
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// Check decides whether partner p can apply for the capability-improvement
// incentive with tag t at the time when, under the rules of the programme
// year in which the tag was granted. Every rule is evaluated, so the decision gives every reason
// at once. Dates are China Standard Time: the deadline is 31 December of
// the year the tag was granted (or the programme's Deadline), and 23:59:59
// that day is still in time while 00:00 on 1 January is not.
//
// Incomplete input (no tier, region, stage, tag name, grant time or time
// of the check) is a *core.ValidationError. A tag the programme does not
// list is not an error: the region-scope rule is then not met.
func (c *Catalogue) Check(p Partner, t ObtainedTag, when time.Time) (Decision, error) {
	if err := checkInput(p, t, when); err != nil {
		return Decision{}, err
	}
	return c.decide(p, t, when), nil
}

// CheckAll checks every tag in p.Tags, in order.
func (c *Catalogue) CheckAll(p Partner, when time.Time) ([]Decision, error) {
	var v core.Validator
	checkPartner(&v, p)
	for i, t := range p.Tags {
		checkTag(&v, fmt.Sprintf("partner.tags[%d]", i), t)
	}
	checkWhen(&v, when)
	if err := v.Err(); err != nil {
		return nil, err
	}
	out := make([]Decision, 0, len(p.Tags))
	for _, t := range p.Tags {
		out = append(out, c.decide(p, t, when))
	}
	return out, nil
}

func checkInput(p Partner, t ObtainedTag, when time.Time) error {
	var v core.Validator
	checkPartner(&v, p)
	checkTag(&v, "tag", t)
	checkWhen(&v, when)
	return v.Err()
}

func checkPartner(v *core.Validator, p Partner) {
	v.Check(p.Tier.Valid(), "partner.tier", "must be TierDistributor or TierReseller")
	v.Check(p.Region.Valid(), "partner.region", "must be RegionChina or RegionOverseas")
	v.Check(p.Stage.Valid(), "partner.stage", "must be one of the PathStage constants")
}

func checkTag(v *core.Validator, field string, t ObtainedTag) {
	v.Check(t.Name != "", field+".name", "is required")
	v.Check(!t.GrantedAt.IsZero(), field+".granted_at", "is required")
}

func checkWhen(v *core.Validator, when time.Time) {
	v.Check(!when.IsZero(), "when", "is required")
}

// decide applies the rules of the programme year in which the tag was
// granted, so a deadline later than the programme's end still works.
func (c *Catalogue) decide(p Partner, t ObtainedTag, when time.Time) Decision {
	today, granted := DateOf(when), DateOf(t.GrantedAt)
	prog, hasProg := c.ProgrammeAt(t.GrantedAt)
	tag, inCatalogue := prog.Tag(t.Name)
	if !inCatalogue {
		tag = Tag{NameZH: t.Name}
	}
	d := Decision{Partner: p.Name, Tag: tag, GrantedAt: t.GrantedAt, Kinds: defaultKinds()}
	d.Deadline = Date{Year: granted.Year, Month: time.December, Day: 31}
	if hasProg {
		d.Programme = prog.Year
		d.Kinds = prog.Kinds
		if !prog.Deadline.IsZero() {
			d.Deadline = prog.Deadline
		}
	}
	d.DaysLeft = max(0, today.DaysUntil(d.Deadline)+1)

	d.Reasons = []Reason{
		{RuleTier, p.Tier.ReceivesIncentiveRebates(), p.Tier.IncentiveRule()},
		roleReason(p.Stage),
		scopeReason(p.Region, prog, hasProg, tag, inCatalogue),
		yearReason(prog, hasProg, granted, today),
		deadlineReason(d.Deadline, d.DaysLeft),
		firstReason(prog, t.Name, tag, p.Applied),
	}
	d.Eligible = true
	for _, r := range d.Reasons {
		d.Eligible = d.Eligible && r.Met
	}
	return d
}

func roleReason(s PathStage) Reason {
	r := Reason{Rule: RuleRoleCertification, Met: s >= StageRoleCertification}
	switch s {
	case StageNotJoined:
		r.Text = "the partner has not joined the Service Partner development path (服务伙伴发展路径); join it and reach the role-certification stage"
	case StageJoined:
		r.Text = "the partner is on the Service Partner development path but has not reached the role-certification stage (角色认证阶段)"
	default:
		r.Text = "the partner has reached the role-certification stage (角色认证阶段) of the Service Partner development path"
	}
	return r
}

func scopeReason(region Region, prog Programme, hasProg bool, tag Tag, inCatalogue bool) Reason {
	r := Reason{Rule: RuleRegionScope}
	switch {
	case !hasProg:
		r.Text = fmt.Sprintf("the incentive scope of %s is unknown: the catalogue has no programme year for its grant date", tag.NameZH)
	case !inCatalogue:
		r.Text = fmt.Sprintf("%s is not a level-1 tag in the %d incentive scope", tag.NameZH, prog.Year)
	case !tag.Scope.Covers(region):
		r.Text = fmt.Sprintf("%s is %s in %d, and the partner is %s", tag, tag.Scope, prog.Year, inRegion(region))
	default:
		r.Met = true
		r.Text = fmt.Sprintf("%s is in the %d incentive scope, %s, which covers a partner %s", tag, prog.Year, tag.Scope, inRegion(region))
	}
	if a := prog.Assumption(); hasProg && a != "" {
		r.Text += "; " + a
	}
	return r
}

func inRegion(r Region) string {
	if r == RegionChina {
		return "in China"
	}
	return "overseas"
}

func yearReason(prog Programme, hasProg bool, granted, today Date) Reason {
	r := Reason{Rule: RuleProgrammeYear}
	switch {
	case granted.Compare(today) > 0:
		r.Text = fmt.Sprintf("the tag's grant date, %s, is after the day checked, %s", granted, today)
	case !hasProg:
		r.Text = fmt.Sprintf("the tag was granted on %s, in no programme year of the catalogue: "+
			"load the scope Huawei published for that year if the programme ran then", granted)
	default:
		r.Met = true
		r.Text = fmt.Sprintf("the tag was granted on %s, inside the %d programme year (%s to %s)", granted, prog.Year, prog.From, prog.To)
	}
	return r
}

func deadlineReason(deadline Date, daysLeft int) Reason {
	if daysLeft == 0 {
		return Reason{RuleDeadline, false, fmt.Sprintf("the deadline, %s, has passed: an incentive not applied for in time lapses", deadline)}
	}
	return Reason{RuleDeadline, true, fmt.Sprintf("apply by %s (China Standard Time): %s left, today included", deadline, days(daysLeft))}
}

// firstReason matches earlier applications by either name of the tag.
func firstReason(prog Programme, name string, tag Tag, applied []string) Reason {
	for _, a := range applied {
		at, ok := prog.Tag(a)
		if a == name || a == tag.NameZH || (ok && at.NameZH == tag.NameZH) {
			return Reason{RuleFirstApplication, false, fmt.Sprintf("the partner has already applied with %s; each tag can be applied for once", tag.NameZH)}
		}
	}
	return Reason{RuleFirstApplication, true, fmt.Sprintf("no earlier application with %s", tag.NameZH)}
}

// EligibleTags returns the tags of the programme in force at when that a
// partner in region r can apply with; false when the catalogue has no
// programme covering when.
func (c *Catalogue) EligibleTags(r Region, when time.Time) ([]Tag, bool) {
	p, ok := c.ProgrammeAt(when)
	if !ok {
		return nil, false
	}
	return p.EligibleTags(r), true
}
