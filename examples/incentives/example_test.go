package main

import (
	"context"
	"os"
	"time"
)

// The program's output depends only on its flags, so it is checked here
// in full: 15:59:59 UTC on 31 December is the last second to apply.
func Example() {
	err := run(context.Background(), []string{"-now", "2025-12-31T15:59:59Z"}, os.Stdout, time.Now)
	if err != nil {
		panic(err)
	}
	// Output:
	// Capability-improvement incentive (能力提升激励), programme year 2025 (2025-01-01 to 2025-12-31), checked on 2025-12-31 (China Standard Time)
	//
	// Level-1 tags that can apply in China:
	//   数据库服务能力            Database services                                 [global (全球)]
	//   大数据服务能力            Big data services                                 [global (全球)]
	//   数据仓库服务能力          Data warehouse services                           [China only (仅限中国区)]
	//   AI平台服务能力            AI platform services                              [China only (仅限中国区)]
	//   DevSecOps服务能力         DevSecOps services                                [China only (仅限中国区)]
	//   解决方案集成实施服务能力  Solution integration and implementation services  [China only (仅限中国区)]
	//   公有云云运维服务能力      Public cloud O&M services                         [China only (仅限中国区)]
	//   卓越运营服务能力          Operational excellence services                   [China only (仅限中国区)]
	//   应用现代化服务能力        Application modernisation services                [China only (仅限中国区)]
	//
	// Level-1 tags that can apply overseas:
	//   数据库服务能力        Database services                  [global (全球)]
	//   大数据服务能力        Big data services                  [global (全球)]
	//   上云实施规划服务能力  Cloud migration planning services  [overseas only (仅限海外)]
	//
	// Sample partner: Example Cloud Services Co., distributor (tier-1), in China, role-certification stage reached; already applied with 大数据服务能力
	//
	// 数据库服务能力 (Database services), granted 2025-03-14
	//   ELIGIBLE: 1 day left, apply by 2025-12-31 in the Partner Center console
	//   covers: training incentive (培训激励), exam-voucher incentive (考试券激励), cash incentive (现金激励)
	//   - met: a distributor (tier-1) earns Huawei Cloud incentives and manages them in the Partner Center
	//   - met: the partner has reached the role-certification stage (角色认证阶段) of the Service Partner development path
	//   - met: 数据库服务能力 (Database services) is in the 2025 incentive scope, global (全球), which covers a partner in China
	//   - met: the tag was granted on 2025-03-14, inside the 2025 programme year (2025-01-01 to 2025-12-31)
	//   - met: apply by 2025-12-31 (China Standard Time): 1 day left, today included
	//   - met: no earlier application with 数据库服务能力
	//
	// 大数据服务能力 (Big data services), granted 2025-02-10
	//   NOT ELIGIBLE
	//   - met: a distributor (tier-1) earns Huawei Cloud incentives and manages them in the Partner Center
	//   - met: the partner has reached the role-certification stage (角色认证阶段) of the Service Partner development path
	//   - met: 大数据服务能力 (Big data services) is in the 2025 incentive scope, global (全球), which covers a partner in China
	//   - met: the tag was granted on 2025-02-10, inside the 2025 programme year (2025-01-01 to 2025-12-31)
	//   - met: apply by 2025-12-31 (China Standard Time): 1 day left, today included
	//   - not met: the partner has already applied with 大数据服务能力; each tag can be applied for once
	//
	// 上云实施规划服务能力 (Cloud migration planning services), granted 2025-06-02
	//   NOT ELIGIBLE
	//   - met: a distributor (tier-1) earns Huawei Cloud incentives and manages them in the Partner Center
	//   - met: the partner has reached the role-certification stage (角色认证阶段) of the Service Partner development path
	//   - not met: 上云实施规划服务能力 (Cloud migration planning services) is overseas only (仅限海外) in 2025, and the partner is in China
	//   - met: the tag was granted on 2025-06-02, inside the 2025 programme year (2025-01-01 to 2025-12-31)
	//   - met: apply by 2025-12-31 (China Standard Time): 1 day left, today included
	//   - met: no earlier application with 上云实施规划服务能力
	//
	// 数据仓库服务能力, granted 2024-11-05
	//   NOT ELIGIBLE
	//   - met: a distributor (tier-1) earns Huawei Cloud incentives and manages them in the Partner Center
	//   - met: the partner has reached the role-certification stage (角色认证阶段) of the Service Partner development path
	//   - not met: the incentive scope of 数据仓库服务能力 is unknown: the catalogue has no programme year for its grant date
	//   - not met: the tag was granted on 2024-11-05, in no programme year of the catalogue: load the scope Huawei published for that year if the programme ran then
	//   - not met: the deadline, 2024-12-31, has passed: an incentive not applied for in time lapses
	//   - met: no earlier application with 数据仓库服务能力
	//
	// Resellers: a reseller (tier-2) receives no Huawei Cloud incentive rebates and has no incentive management: Huawei computes performance and pays incentives to the distributor (tier-1) only, and the reseller and its distributor agree their own settlement.
	// Upgrade to distributor (threshold CNY 800000.00 a year), sample reseller:
	//   [ ] annual performance CNY 650000.50 is CNY 149999.50 short of the CNY 800000.00 threshold
	//   [ ] then apply to join the authorised sales support centre programme (授权销售支持中心计划)
	//   [ ] then apply to upgrade to distributor (总经销商) through the ecosystem manager (生态经理)
}
