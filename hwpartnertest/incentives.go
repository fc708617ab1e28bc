package hwpartnertest

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// DiscountPolicy is a product's discount and incentive policy, served by
// ListIncentiveDiscountPolicies. IncentivePolicy and AllowDiscount are
// sent as given, so a test can also seed values the API does not document.
type DiscountPolicy struct {
	ServiceTypeCode string `json:"service_type_code"`
	ServiceTypeName string `json:"service_type_name"`
	// IncentivePolicy: "0", "1", "2" or "13".
	IncentivePolicy string `json:"incentive_policy"`
	// AllowDiscount: "YES" or "NO".
	AllowDiscount string `json:"allow_discount"`
	// From and Until bound the months (YYYY-MM, UTC+8, inclusive) in which
	// the policy is in force; "" leaves that side open.
	From  string `json:"-"`
	Until string `json:"-"`
}

// incentivesState holds the policies in seeding order, which is the order
// they are listed in.
type incentivesState struct {
	policies []DiscountPolicy
}

var policyMonth = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

func (s *Server) registerIncentives() {
	s.handle(&route{op: "ListIncentiveDiscountPolicies", method: http.MethodGet,
		path: "/v2/products/incentive-discount-policies", allowed: partners, handle: s.listDiscountPolicies})
}

// SeedDiscountPolicies adds policies. From and Until must be "" or YYYY-MM.
func (s *Server) SeedDiscountPolicies(ps ...DiscountPolicy) error {
	for i, p := range ps {
		for _, m := range []string{p.From, p.Until} {
			if m != "" && !policyMonth.MatchString(m) {
				return fmt.Errorf("hwpartnertest: policy %d: month %q is not YYYY-MM", i, m)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.incentives.policies = append(s.state.incentives.policies, ps...)
	return nil
}

// listDiscountPolicies is GET /v2/products/incentive-discount-policies.
// "YYYY-MM" strings order like the months they name.
func (s *Server) listDiscountPolicies(c *call) response {
	month := c.query.Get("time")
	switch {
	case month == "":
		return badParam("time", "is required")
	case len(month) > 20 || !policyMonth.MatchString(month):
		return badParam("time", "must be a month YYYY-MM")
	}
	code, byCode := c.query["service_type_code"]
	if byCode && utf8.RuneCountInString(code[0]) > 64 {
		return badParam("service_type_code", "must be at most 64 characters")
	}
	offset, limit, bad := policiesPaging(c.query)
	if bad != nil {
		return *bad
	}
	matched := []DiscountPolicy{}
	for _, p := range s.state.incentives.policies {
		if (p.From != "" && month < p.From) || (p.Until != "" && month > p.Until) {
			continue
		}
		if byCode && p.ServiceTypeCode != code[0] {
			continue
		}
		matched = append(matched, p)
	}
	total := len(matched)
	page := matched[min(offset, total):min(offset+limit, total)]
	return ok(map[string]any{"total_count": total, "policies": page})
}

// policiesPaging reads offset [0, 2^31-1] (default 0) and limit [1, 100]
// (default 10); "" is refused for both, as documented.
func policiesPaging(q url.Values) (offset, limit int, bad *response) {
	read := func(name string, def, lo, hi int) int {
		vs, present := q[name]
		if !present {
			return def
		}
		n, err := strconv.Atoi(vs[0])
		if err != nil || n < lo || n > hi {
			if bad == nil {
				r := badParam(name, fmt.Sprintf("must be an integer between %d and %d", lo, hi))
				bad = &r
			}
		}
		return n
	}
	offset = read("offset", 0, 0, 1<<31-1)
	limit = read("limit", 10, 1, 100)
	return offset, limit, bad
}

// seedIncentivesDemo adds demo policies, one of which changed in 2025.
// Callers hold s.mu.
func (s *Server) seedIncentivesDemo() {
	s.state.incentives.policies = append(s.state.incentives.policies,
		DiscountPolicy{ServiceTypeCode: "hws.service.type.ec2", ServiceTypeName: "弹性云服务器", IncentivePolicy: "0", AllowDiscount: "YES"},
		DiscountPolicy{ServiceTypeCode: "hws.service.type.obs", ServiceTypeName: "对象存储服务", IncentivePolicy: "1", AllowDiscount: "YES"},
		DiscountPolicy{ServiceTypeCode: "hws.service.type.rds", ServiceTypeName: "云数据库 RDS", IncentivePolicy: "1", AllowDiscount: "YES", Until: "2024-12"},
		DiscountPolicy{ServiceTypeCode: "hws.service.type.rds", ServiceTypeName: "云数据库 RDS", IncentivePolicy: "13", AllowDiscount: "NO", From: "2025-01"},
		DiscountPolicy{ServiceTypeCode: "hws.service.type.ebs", ServiceTypeName: "云硬盘", IncentivePolicy: "0", AllowDiscount: "YES"},
		DiscountPolicy{ServiceTypeCode: "hws.service.type.marketplace", ServiceTypeName: "云商店", IncentivePolicy: "2", AllowDiscount: "NO"},
	)
}
