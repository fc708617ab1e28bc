package funds

import (
	"net/http"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// Service calls the fund APIs: balances, transfers to and reclaims from
// resellers, and adjust records. It is safe for concurrent use.
type Service struct{ r core.Requester }

// NewService returns a Service that sends its calls through r.
func NewService(r core.Requester) *Service { return &Service{r: r} }

// now is the server-aligned time when r keeps one (core.Clock): adjust
// records carry the server's times, and Resolve compares with them.
func (s *Service) now() time.Time {
	if c, ok := s.r.(core.Clock); ok {
		return c.Now()
	}
	return time.Now()
}

// checkMove is printed in outcome-unknown errors of Transfer and Reclaim.
const checkMove = "look the move up with funds.Service.Resolve, or read the reseller's adjust records (ListPartnerAdjustRecords) and balance"

var (
	opBalances = core.Operation{
		Service: "funds", Name: "ListPartnerBalances",
		Method: http.MethodGet, Path: "/v2/accounts/partner-accounts/balances",
	}
	opTransfer = core.Operation{
		Service: "funds", Name: "UpdateIndirectPartnerAccount",
		Method: http.MethodPost, Path: "/v2/accounts/partner-accounts/indirect-partner-adjust",
		MovesMoney: true, Check: checkMove,
	}
	opReclaim = core.Operation{
		Service: "funds", Name: "ReclaimIndirectPartnerAccount",
		Method: http.MethodPost, Path: "/v2/accounts/partner-accounts/indirect-partner-reclaim",
		MovesMoney: true, Check: checkMove,
	}
	opRecords = core.Operation{
		Service: "funds", Name: "ListPartnerAdjustRecords",
		Method: http.MethodGet, Path: "/v3/accounts/partner-accounts/adjust-records",
	}
)

// Documented limits (api.md §3, §8).
const (
	maxIDLen      = 64
	maxTransIDLen = 128
	maxEnumLen    = 64
)
