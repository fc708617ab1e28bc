package funds

import (
	"net/http"

	"github.com/hwpartner/go-hwpartner/core"
)

// Service calls the fund APIs: balances, transfers to and reclaims from
// resellers, and adjust records. It is safe for concurrent use.
type Service struct{ r core.Requester }

// NewService returns a Service that sends its calls through r.
func NewService(r core.Requester) *Service { return &Service{r: r} }

// checkMove is printed in outcome-unknown errors of Transfer and Reclaim.
const checkMove = "look the move up with funds.Service.Resolve, or read the reseller's adjust records (ListPartnerAdjustRecords) and balance"

var (
	opBalances = core.Operation{
		Service: "funds", Name: "ListPartnerBalances",
		Method: http.MethodGet, Path: "/v2/accounts/partner-accounts/balances",
		Answer: []string{"account_balances"}, Sites: chinaOnly,
	}
	opTransfer = core.Operation{
		Service: "funds", Name: "UpdateIndirectPartnerAccount",
		Method: http.MethodPost, Path: "/v2/accounts/partner-accounts/indirect-partner-adjust",
		MovesMoney: true, Check: checkMove,
		Answer: []string{"transfer_id"}, Sites: chinaOnly,
	}
	opReclaim = core.Operation{
		Service: "funds", Name: "ReclaimIndirectPartnerAccount",
		Method: http.MethodPost, Path: "/v2/accounts/partner-accounts/indirect-partner-reclaim",
		MovesMoney: true, Check: checkMove,
		Answer: []string{"trans_id"}, Sites: chinaOnly,
	}
	opRecords = core.Operation{
		Service: "funds", Name: "ListPartnerAdjustRecords",
		Method: http.MethodGet, Path: "/v3/accounts/partner-accounts/adjust-records",
		Answer: []string{"total_count"}, Sites: chinaOnly,
	}
)

// The fund APIs exist on the China site only (spec §1.1).
var chinaOnly = []core.Site{core.SiteChina}

// Documented limits (api.md §3, §8).
const (
	maxIDLen      = 64
	maxTransIDLen = 128
	maxEnumLen    = 64
)
