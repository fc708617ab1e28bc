// Package incentives reads the Partner Center's product discount and
// incentive policies, and answers partners' questions about the
// capability-improvement incentive (能力提升激励) from the programme rules.
//
// # Policies
//
// Service.DiscountPolicies wraps ListIncentiveDiscountPolicies, the only
// incentive operation the API offers. Its month is a Month, always sent as
// YYYY-MM in China Standard Time (UTC+8) whatever the caller's time zone:
//
//	page, err := c.Incentives.DiscountPolicies(ctx, &incentives.DiscountPoliciesParams{
//		Month: incentives.MonthOf(time.Now()),
//	})
//
// # The capability-improvement incentive
//
// There is no API for applying: partners apply in the Partner Center
// console. A Catalogue holds the programme years with their in-scope
// level-1 capability tags and region scopes; DefaultCatalogue returns the
// table Huawei documents, and LoadCatalogue, ParseCatalogue, NewCatalogue
// and Catalogue.With replace it when Huawei changes the scope.
//
//	cat := incentives.DefaultCatalogue()
//	prog, _ := cat.Programme(2025)
//	tags := prog.EligibleTags(incentives.RegionChina)
//	d, err := cat.Check(partner, tag, time.Now())
//
// Check returns a Decision listing every rule with whether it is met and
// why, the application deadline (31 December of the year the tag was
// obtained, inclusive, China Standard Time), the days left and the
// incentive kinds one application covers.
//
// Resellers (tier-2) receive no Huawei incentive rebates and have no
// incentive management (Tier.IncentiveRule says so in words); the path
// for a reseller to become a distributor is UpgradeRule.Assess.
//
// Programme dates are China Standard Time, a fixed UTC+8 offset (China has
// no daylight saving time), so no time-zone database is needed.
package incentives
