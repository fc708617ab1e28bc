package hwpartnertest

import (
	"fmt"
	"sort"
)

// Op names an operation the fake serves, by Huawei's name. Faults and
// request counts are per operation; a name the server does not serve is
// refused, so a typo cannot make a test pass without testing anything.
type Op string

// The operations the fake serves.
const (
	// IAM
	OpKeystoneCreateUserTokenByPassword Op = "KeystoneCreateUserTokenByPassword"

	// Resellers and funds
	OpListIndirectPartners          Op = "ListIndirectPartners"
	OpListPartnerBalances           Op = "ListPartnerBalances"
	OpUpdateIndirectPartnerAccount  Op = "UpdateIndirectPartnerAccount"
	OpReclaimIndirectPartnerAccount Op = "ReclaimIndirectPartnerAccount"
	OpListPartnerAdjustRecords      Op = "ListPartnerAdjustRecords"

	// Voucher quotas
	OpListQuotaCoupons        Op = "ListQuotaCoupons"
	OpUpdateCouponQuotas      Op = "UpdateCouponQuotas"
	OpReclaimCouponQuotas     Op = "ReclaimCouponQuotas"
	OpListIssuedCouponQuotas  Op = "ListIssuedCouponQuotas"
	OpListCouponQuotasRecords Op = "ListCouponQuotasRecords"

	// Incentives
	OpListIncentiveDiscountPolicies Op = "ListIncentiveDiscountPolicies"

	// Real-name authentication
	OpCreatePersonalRealnameAuth             Op = "CreatePersonalRealnameAuth"
	OpCreateEnterpriseRealnameAuthentication Op = "CreateEnterpriseRealnameAuthentication"
	OpChangeEnterpriseRealnameAuthentication Op = "ChangeEnterpriseRealnameAuthentication"
	OpShowRealnameAuthenticationReviewResult Op = "ShowRealnameAuthenticationReviewResult"

	// Customers
	OpListSubCustomers                Op = "ListSubCustomers"
	OpCheckUserIdentity               Op = "CheckUserIdentity"
	OpSendVerificationMessageCode     Op = "SendVerificationMessageCode"
	OpCreateSubCustomer               Op = "CreateSubCustomer"
	OpListCustomersBalancesDetail     Op = "ListCustomersBalancesDetail"
	OpUpdateCustomerAccountAmount     Op = "UpdateCustomerAccountAmount"
	OpReclaimToPartnerAccount         Op = "ReclaimToPartnerAccount"
	OpListPartnerAccountChangeRecords Op = "ListPartnerAccountChangeRecords"
	OpShowSubCustomerBudget           Op = "ShowSubCustomerBudget"
	OpUpdateSubCustomerBudget         Op = "UpdateSubCustomerBudget"
	OpListSubCustomerBudget           Op = "ListSubCustomerBudget"
	OpListSubCustomerBudgetRecords    Op = "ListSubCustomerBudgetRecords"
	OpFreezeSubCustomers              Op = "FreezeSubCustomers"
	OpUnfreezeSubCustomers            Op = "UnfreezeSubCustomers"

	// OpPutObject is PUT Object on the fake OBS endpoint.
	OpPutObject Op = "PutObject"
)

// OBSOperation is the operation OBS requests are recorded and faulted
// under.
const OBSOperation = OpPutObject

// Ops lists the operations this server serves, sorted.
func (s *Server) Ops() []Op {
	out := make([]Op, 0, len(s.ops))
	for op := range s.ops {
		out = append(out, op)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// checkOp says why op is not an operation of this server; "" is not one
// either.
func (s *Server) checkOp(op Op) error {
	if s.ops[op] {
		return nil
	}
	if hint := s.closestOp(op); hint != "" {
		return errorf("unknown operation %q (did you mean %q?)", op, hint)
	}
	return errorf("unknown operation %q", op)
}

// closestOp suggests the known name a typo most likely meant.
func (s *Server) closestOp(op Op) Op {
	best, bestDist := Op(""), len(op)/3+2
	for _, known := range s.Ops() {
		if d := editDistance(string(op), string(known)); d < bestDist {
			best, bestDist = known, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance, ASCII case-insensitive.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lowerASCII(a[i-1]) == lowerASCII(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// misuse reports a mistake in how a test uses the server: through the
// test when the server has one (NewServer), and as the returned error.
func (s *Server) misuse(err error) error {
	if s.tb != nil {
		s.tb.Helper()
		s.tb.Errorf("%v", err)
	}
	return err
}

func errorf(format string, args ...any) error {
	return fmt.Errorf("hwpartnertest: "+format, args...)
}
