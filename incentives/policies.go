package incentives

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"net/http"

	"github.com/hwpartner/go-hwpartner/core"
)

var opListPolicies = core.Operation{
	Service: "incentives", Name: "ListIncentiveDiscountPolicies",
	Method: http.MethodGet, Path: "/v2/products/incentive-discount-policies",
	Answer: []string{"total_count"},
	// Only the China-site SDK offers it (spec §1.1).
	Sites: []core.Site{core.SiteChina},
}

// IncentivePolicy says how a product counts for a partner's incentives
// (the API's incentive_policy). Compare with the constants; String
// describes the value.
type IncentivePolicy string

// Incentive policies.
const (
	// PolicyNonSpecificProduct: a non-specific product ("0").
	PolicyNonSpecificProduct IncentivePolicy = "0"
	// PolicySpecificProduct: a specific product ("1").
	PolicySpecificProduct IncentivePolicy = "1"
	// PolicyNoCreditNoRebate: counts for neither performance nor rebate ("2").
	PolicyNoCreditNoRebate IncentivePolicy = "2"
	// PolicyCreditNoRebate: counts for performance but earns no rebate ("13").
	PolicyCreditNoRebate IncentivePolicy = "13"
)

// String describes the policy in words; an unknown value is shown as is.
func (p IncentivePolicy) String() string {
	switch p {
	case PolicyNonSpecificProduct:
		return "non-specific product"
	case PolicySpecificProduct:
		return "specific product"
	case PolicyNoCreditNoRebate:
		return "no performance credit, no rebate"
	case PolicyCreditNoRebate:
		return "performance credit, no rebate"
	}
	return fmt.Sprintf("incentive policy %q", string(p))
}

// Known reports whether p is one of the documented values.
func (p IncentivePolicy) Known() bool {
	switch p {
	case PolicyNonSpecificProduct, PolicySpecificProduct, PolicyNoCreditNoRebate, PolicyCreditNoRebate:
		return true
	}
	return false
}

// UnmarshalJSON accepts the documented JSON string and, in case the
// server sends one, a bare integer.
func (p *IncentivePolicy) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else if digits(string(b)) {
		s = string(b)
	} else {
		return fmt.Errorf("incentives: incentive_policy %s is neither a string nor an integer", clip(string(b)))
	}
	*p = IncentivePolicy(s)
	return nil
}

// AllowDiscount says whether a partner-granted discount may be applied to
// the product (the API's allow_discount).
type AllowDiscount string

// Values of AllowDiscount.
const (
	DiscountAllowed    AllowDiscount = "YES"
	DiscountNotAllowed AllowDiscount = "NO"
)

// Allowed reports whether a partner discount may be applied.
func (a AllowDiscount) Allowed() bool { return a == DiscountAllowed }

// String describes the value in words; an unknown value is shown as is.
func (a AllowDiscount) String() string {
	switch a {
	case DiscountAllowed:
		return "partner discount allowed"
	case DiscountNotAllowed:
		return "no partner discount"
	}
	return fmt.Sprintf("allow_discount %q", string(a))
}

// Policy is the discount and incentive policy of one cloud service type.
type Policy struct {
	// ServiceTypeCode is the cloud service type, e.g. "hws.service.type.obs".
	ServiceTypeCode string `json:"service_type_code"`
	// ServiceTypeName is its display name, e.g. 弹性云服务器.
	ServiceTypeName string          `json:"service_type_name"`
	IncentivePolicy IncentivePolicy `json:"incentive_policy"`
	AllowDiscount   AllowDiscount   `json:"allow_discount"`
}

// DiscountPoliciesParams selects policies.
type DiscountPoliciesParams struct {
	// Month is required; it is sent as YYYY-MM (UTC+8). The answer gives
	// the policies in force at 23:59:59 on its last day (Month.AsOf).
	Month Month
	// ServiceTypeCode filters by cloud service type (at most 64
	// characters). nil: no filter. A pointer to "" filters too: the API
	// treats an empty value as a filter value, not as "all".
	ServiceTypeCode *string `wire:"service_type_code"`
	core.ListOptions
}

// Validate checks p against the API's rules and lists every problem.
func (p *DiscountPoliciesParams) Validate() error {
	if p == nil {
		p = &DiscountPoliciesParams{}
	}
	v := core.ValidatorFor(p)
	switch {
	case p.Month.IsZero():
		v.Add("time", "is required")
	case !p.Month.Valid():
		v.Add("time", "must be a month from 0000-01 to 9999-12")
	}
	if p.ServiceTypeCode != nil {
		v.MaxLen("service_type_code", *p.ServiceTypeCode, 64)
	}
	p.ListOptions.Check(&v, math.MaxInt32)
	return v.Err()
}

type policiesQuery struct {
	Time            string  `url:"time"`
	ServiceTypeCode *string `url:"service_type_code,omitempty"`
	core.ListOptions
}

type policiesAnswer struct {
	TotalCount int      `json:"total_count"`
	Policies   []Policy `json:"policies"`
}

// DiscountPolicies returns one page of the product discount and incentive
// policies for a month.
//
// API: GET /v2/products/incentive-discount-policies
// (ListIncentiveDiscountPolicies), documented at
// https://support.huaweicloud.com/api-bpconsole/zh-cn_topic_0000001163166566.html.
// A query: retried. Distributor or solution-provider credentials.
func (s *Service) DiscountPolicies(ctx context.Context, p *DiscountPoliciesParams) (*core.Page[Policy], error) {
	if err := p.Validate(); err != nil {
		return nil, core.WithOperation(err, &opListPolicies)
	}
	q := policiesQuery{Time: p.Month.String(), ServiceTypeCode: p.ServiceTypeCode, ListOptions: p.ListOptions}
	var ans policiesAnswer
	meta, err := s.r.Do(ctx, &opListPolicies, &q, &ans)
	if err != nil {
		return nil, err
	}
	return core.NewPage(ans.Policies, ans.TotalCount, p.ListOptions, meta), nil
}

// DiscountPoliciesIter walks every matching policy from p's offset on, in
// pages of p's limit (100 when unset). It stops at the first error.
//
// API: GET /v2/products/incentive-discount-policies
// (ListIncentiveDiscountPolicies), once per page. A query: retried.
func (s *Service) DiscountPoliciesIter(ctx context.Context, p *DiscountPoliciesParams) iter.Seq2[Policy, error] {
	var base DiscountPoliciesParams
	if p != nil {
		base = *p
	}
	if base.ServiceTypeCode != nil {
		base.ServiceTypeCode = core.Ptr(*base.ServiceTypeCode)
	}
	return core.Paginate(ctx, base.ListOptions, func(ctx context.Context, o core.ListOptions) (*core.Page[Policy], error) {
		q := base
		q.ListOptions = o
		return s.DiscountPolicies(ctx, &q)
	})
}
