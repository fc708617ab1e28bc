package funds

import (
	"context"

	"github.com/hwpartner/go-hwpartner/core"
)

// balanceQuery is the query of ListPartnerBalances.
type balanceQuery struct {
	ResellerID string `url:"indirect_partner_id,omitempty"`
	reseller   bool
}

func (q *balanceQuery) Validate() error {
	if !q.reseller {
		return nil
	}
	var v core.Validator
	v.Required("indirect_partner_id", q.ResellerID, maxIDLen)
	return v.Err()
}

// Balance returns the accounts of one of the caller's resellers. Only
// distributor credentials can read a reseller's balance: the API ignores
// the reseller id for other callers and answers with their own accounts.
//
// API: GET /v2/accounts/partner-accounts/balances?indirect_partner_id=…
// (ListPartnerBalances),
// https://support.huaweicloud.com/api-bpconsole/mt_060003.html. Retried.
func (s *Service) Balance(ctx context.Context, resellerID string) (*Balance, error) {
	return s.balance(ctx, &balanceQuery{ResellerID: resellerID, reseller: true})
}

// OwnBalance returns the caller's own accounts.
//
// API: GET /v2/accounts/partner-accounts/balances (ListPartnerBalances).
// Retried.
func (s *Service) OwnBalance(ctx context.Context) (*Balance, error) {
	return s.balance(ctx, &balanceQuery{})
}

func (s *Service) balance(ctx context.Context, q *balanceQuery) (*Balance, error) {
	var out Balance
	meta, err := s.r.Do(ctx, &opBalances, q, &out)
	if err != nil {
		return nil, err
	}
	out.ResponseMeta = meta
	return &out, nil
}
