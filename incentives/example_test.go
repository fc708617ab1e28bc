package incentives_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/incentives"
)

// exampleClient returns a client of a fake seeded with demo data.
func exampleClient() (*hwpartner.Client, func()) {
	srv, err := hwpartnertest.Start()
	if err != nil {
		panic(err)
	}
	srv.SeedDemo()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	if err != nil {
		panic(err)
	}
	return c, srv.Close
}

func ExampleService_DiscountPolicies() {
	c, stop := exampleClient()
	defer stop()

	// 20:00 on 31 January in New York is already February in China.
	ny := time.FixedZone("UTC-5", -5*60*60)
	page, err := c.Incentives.DiscountPolicies(context.Background(), &incentives.DiscountPoliciesParams{
		Month:       incentives.MonthOf(time.Date(2025, 1, 31, 20, 0, 0, 0, ny)),
		ListOptions: hwpartner.ListOptions{Limit: 3},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d policies, first %d:\n", page.Total, len(page.Items))
	for _, p := range page.Items {
		fmt.Printf("%s %s: %s, %s\n", p.ServiceTypeCode, p.ServiceTypeName, p.IncentivePolicy, p.AllowDiscount)
	}
	// Output:
	// 5 policies, first 3:
	// hws.service.type.ec2 弹性云服务器: non-specific product, partner discount allowed
	// hws.service.type.obs 对象存储服务: specific product, partner discount allowed
	// hws.service.type.rds 云数据库 RDS: performance credit, no rebate, no partner discount
}

func ExampleService_DiscountPoliciesIter() {
	c, stop := exampleClient()
	defer stop()

	params := &incentives.DiscountPoliciesParams{
		Month:       incentives.Month{Year: 2024, Month: time.December},
		ListOptions: hwpartner.ListOptions{Limit: 2}, // small pages, to show paging
	}
	for p, err := range c.Incentives.DiscountPoliciesIter(context.Background(), params) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if !p.AllowDiscount.Allowed() {
			fmt.Println("no partner discount on", p.ServiceTypeName)
		}
	}
	// Output:
	// no partner discount on 云商店
}

func ExampleMonth() {
	m := incentives.MonthOf(time.Date(2024, 1, 31, 16, 30, 0, 0, time.UTC))
	fmt.Println(m)
	fmt.Println(m.AsOf())
	// Output:
	// 2024-02
	// 2024-02-29 23:59:59 +0800 CST
}

func ExampleProgramme_EligibleTags() {
	prog, _ := incentives.DefaultCatalogue().Programme(2025)
	for _, t := range prog.EligibleTags(incentives.RegionOverseas) {
		fmt.Printf("%s | %s | %s\n", t.NameZH, t.NameEN, t.Scope)
	}
	// Output:
	// 数据库服务能力 | Database services | global (全球)
	// 大数据服务能力 | Big data services | global (全球)
	// 上云实施规划服务能力 | Cloud migration planning services | overseas only (仅限海外)
}

func ExampleCatalogue_Check() {
	cst := incentives.ChinaStandardTime()
	partner := incentives.Partner{
		Name:   "Example Cloud Services Co.",
		Tier:   incentives.TierDistributor,
		Region: incentives.RegionOverseas,
		Stage:  incentives.StageRoleCertification,
	}
	tag := incentives.ObtainedTag{Name: "数据仓库服务能力", GrantedAt: time.Date(2025, 5, 6, 9, 0, 0, 0, cst)}
	d, err := incentives.DefaultCatalogue().Check(partner, tag, time.Date(2025, 12, 1, 10, 0, 0, 0, cst))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	for _, r := range d.Reasons {
		fmt.Println("-", r)
	}
	// Output:
	// 数据仓库服务能力 (Data warehouse services): not eligible (region scope)
	// - met: a distributor (tier-1) earns Huawei Cloud incentives and manages them in the Partner Center
	// - met: the partner has reached the role-certification stage (角色认证阶段) of the Service Partner development path
	// - not met: 数据仓库服务能力 (Data warehouse services) is China only (仅限中国区) in 2025, and the partner is overseas
	// - met: the tag was granted on 2025-05-06, inside the 2025 programme year (2025-01-01 to 2025-12-31)
	// - met: apply by 2025-12-31 (China Standard Time): 31 days left, today included
	// - met: no earlier application with 数据仓库服务能力
}

func ExampleParseCatalogue() {
	cat, err := incentives.ParseCatalogue([]byte(`{"programmes": [{"year": 2026, "tags": [
		{"name_zh": "数据库服务能力", "name_en": "Database services", "scope": "global"},
		{"name_zh": "大数据服务能力", "name_en": "Big data services", "scope": "overseas"}]}]}`))
	fmt.Println(err)

	cat, err = incentives.DefaultCatalogue().With(incentives.DefaultProgramme(2027))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range cat.Programmes() {
		fmt.Println(p.Year, p.From, p.To, len(p.Tags), "tags")
	}
	// Output:
	// hwpartner: invalid request: programmes[0].tags[1].scope must be one of global, china_only, overseas_only
	// 2025 2025-01-01 2025-12-31 10 tags
	// 2026 2026-01-01 2026-12-31 10 tags
	// 2027 2027-01-01 2027-12-31 10 tags
}

func ExampleTier_IncentiveRule() {
	fmt.Println(incentives.TierReseller.IncentiveRule())
	// Output:
	// a reseller (tier-2) receives no Huawei Cloud incentive rebates and has no incentive management: Huawei computes performance and pays incentives to the distributor (tier-1) only, and the reseller and its distributor agree their own settlement
}

func ExampleUpgradeRule_Assess() {
	perf, _ := hwpartner.ParseAmount("812000")
	st, err := incentives.DefaultUpgradeRule().Assess(incentives.ResellerProgress{AnnualPerformance: perf})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range st.Steps {
		fmt.Println(s.Done, s.Text)
	}
	fmt.Println("next:", st.Next)
	// Output:
	// true annual performance CNY 812000.00 reaches the CNY 800000.00 threshold
	// false then apply to join the authorised sales support centre programme (授权销售支持中心计划)
	// false then apply to upgrade to distributor (总经销商) through the ecosystem manager (生态经理)
	// next: join the authorised sales support centre programme (授权销售支持中心计划)
}
