package vouchers

import (
	"context"
	"iter"
	"math"
	"net/http"

	"github.com/hwpartner/go-hwpartner/core"
)

// Service calls the voucher-quota APIs. Create it with NewService; it is
// safe for concurrent use.
type Service struct {
	r core.Requester
}

// NewService returns a service that sends its calls through r.
func NewService(r core.Requester) *Service { return &Service{r: r} }

// API limits.
const (
	// MaxIssueResellers is how many resellers one Issue call accepts.
	MaxIssueResellers = 100
	// MaxReclaimQuotas is how many quotas one Reclaim call accepts.
	MaxReclaimQuotas = 10
	// MaxQuotaIDs is how many quota ids the Quotas filter accepts.
	MaxQuotaIDs = 50
	// MaxStatuses is how many statuses the Quotas filter accepts.
	MaxStatuses = 5

	maxIDLen     = 64
	maxRemarkLen = 256
	// The API documents offsets up to its "max int" (a 32-bit integer).
	maxOffset = math.MaxInt32
)

// The operations. Check, printed in outcome-unknown errors, says how to
// find out whether a money-moving call took effect.
var (
	opQuotas = core.Operation{
		Service: "vouchers", Name: "ListQuotaCoupons",
		Method: http.MethodPost, Path: "/v2/partners/coupon-quotas/query",
		Answer: []string{"total_count"}, Sites: chinaOnly,
	}
	opIssue = core.Operation{
		Service: "vouchers", Name: "UpdateCouponQuotas",
		Method: http.MethodPost, Path: "/v2/partners/coupon-quotas/indirect-partner-adjust",
		MovesMoney: true,
		Check:      "list the quota records (vouchers.Records) or the issued quotas (vouchers.Issued) of the parent quota before retrying",
		Sites:      chinaOnly,
	}
	opReclaim = core.Operation{
		Service: "vouchers", Name: "ReclaimCouponQuotas",
		Method: http.MethodPost, Path: "/v2/partners/coupon-quotas/indirect-partner-reclaim",
		MovesMoney: true,
		Check:      "look the quotas up with vouchers.Issued (status 6 means reclaimed) before retrying",
		Sites:      chinaOnly,
	}
	opIssued = core.Operation{
		Service: "vouchers", Name: "ListIssuedCouponQuotas",
		Method: http.MethodGet, Path: "/v2/partners/issued-coupon-quotas",
		Answer: []string{"total_count"}, Sites: chinaOnly,
	}
	opRecords = core.Operation{
		Service: "vouchers", Name: "ListCouponQuotasRecords",
		Method: http.MethodGet, Path: "/v2/partners/coupon-quotas/records",
		Answer: []string{"total_count"}, Sites: chinaOnly,
	}
)

// The coupon-quota APIs exist on the China site only (spec §1.1).
var chinaOnly = []core.Site{core.SiteChina}

// walk pages through list from p's offset on. p is copied, never changed.
func walk[P, T any](ctx context.Context, p *P, list func(context.Context, *P) (*core.Page[T], error), opts func(*P) *core.ListOptions) iter.Seq2[T, error] {
	var cp P
	if p != nil {
		cp = *p
	}
	return core.Paginate(ctx, *opts(&cp), func(ctx context.Context, o core.ListOptions) (*core.Page[T], error) {
		q := cp
		*opts(&q) = o
		return list(ctx, &q)
	})
}
