package customers

import (
	"net/http"

	"github.com/hwpartner/go-hwpartner/core"
)

// Service calls the customer APIs: find, check, register and fund the
// partner's customers and its resellers' customers, and, on the
// international sites, set their budgets and freeze them. It is safe for
// concurrent use.
type Service struct{ r core.Requester }

// NewService returns a Service that sends its calls through r. When r is a
// core.SiteReporter, the rules of its site apply (which body
// SendVerificationCode and Create send, which association types exist).
func NewService(r core.Requester) *Service { return &Service{r: r} }

func (s *Service) site() core.Site {
	if sr, ok := s.r.(core.SiteReporter); ok {
		return sr.Site()
	}
	return core.SiteCustom
}

// Sites of the operations (api.md §1.1, §10): the fund operations exist on
// the China site only, budgets and freezing on the international and
// European sites only.
var (
	chinaOnly = []core.Site{core.SiteChina}
	intlOnly  = []core.Site{core.SiteInternational, core.SiteEU}
)

// What to check after an unknown outcome.
const (
	checkMove = "look the move up with customers.Service.Resolve, or read the customer's adjust records " +
		"(ListPartnerAdjustRecords) and balance"
	checkCreate = "look the customer up with customers.Service.FindCreated (by login name and xaccount_id) before creating it again"
	checkCode   = "a code may have been sent: wait for it before sending another, each send counts against the 15 per hour limit"
)

var (
	opList = core.Operation{
		Service: "customers", Name: "ListSubCustomers",
		Method: http.MethodPost, Path: "/v2/partners/sub-customers/query",
		Answer: []string{"count"},
	}
	opCheckIdentity = core.Operation{
		Service: "customers", Name: "CheckUserIdentity",
		Method: http.MethodPost, Path: "/v2/partners/sub-customers/users/check-identity",
		Answer: []string{"check_result"},
	}
	// Sending a code is not undone and counts against the SMS limits:
	// never resent once it may have arrived (api.md §11.3).
	opSendCode = core.Operation{
		Service: "customers", Name: "SendVerificationMessageCode",
		Method: http.MethodPost, Path: "/v2/bases/verificationcode/send",
		MovesMoney: true, Check: checkCode,
	}
	// Creating an account is not idempotent: never resent once it may
	// have arrived.
	opCreate = core.Operation{
		Service: "customers", Name: "CreateSubCustomer",
		Method: http.MethodPost, Path: "/v2/partners/sub-customers",
		MovesMoney: true, Check: checkCreate,
		Answer: []string{"domain_id", "domain_name"},
	}
	opBalances = core.Operation{
		Service: "customers", Name: "ListCustomersBalancesDetail",
		Method: http.MethodPost, Path: "/v2/accounts/customer-accounts/balances/batch-query",
		Answer: []string{"customer_balances"},
		Sites:  chinaOnly,
	}
	opTransfer = core.Operation{
		Service: "customers", Name: "UpdateCustomerAccountAmount",
		Method: http.MethodPost, Path: "/v2/accounts/partner-accounts/adjust-amount",
		MovesMoney: true, Check: checkMove,
		Answer: []string{"transfer_id"},
		Sites:  chinaOnly,
	}
	opReclaim = core.Operation{
		Service: "customers", Name: "ReclaimToPartnerAccount",
		Method: http.MethodPost, Path: "/v2/accounts/partner-accounts/reclaim",
		MovesMoney: true, Check: checkMove,
		Answer: []string{"trans_id"},
		Sites:  chinaOnly,
	}
	// opRecords reads adjust records for Resolve, which concludes
	// NotRecorded only from answers that also carried their list.
	opRecords = core.Operation{
		Service: "customers", Name: "ListPartnerAdjustRecords",
		Method: http.MethodGet, Path: "/v3/accounts/partner-accounts/adjust-records",
		Answer: []string{"total_count"},
		Sites:  chinaOnly,
	}
	opAccountChanges = core.Operation{
		Service: "customers", Name: "ListPartnerAccountChangeRecords",
		Method: http.MethodGet, Path: "/v2/accounts/partner-accounts/account-change-records",
		Answer: []string{"total_count"},
		Sites:  chinaOnly,
	}
	opShowBudget = core.Operation{
		Service: "customers", Name: "ShowSubCustomerBudget",
		Method: http.MethodGet, Path: "/v2/partners/sub-customers/budget",
		Sites: intlOnly,
	}
	// Setting a budget to a value twice leaves the same budget: retried.
	opSetBudget = core.Operation{
		Service: "customers", Name: "UpdateSubCustomerBudget",
		Method: http.MethodPost, Path: "/v2/partners/sub-customers/budget",
		Sites: intlOnly,
	}
	opListBudgets = core.Operation{
		Service: "customers", Name: "ListSubCustomerBudget",
		Method: http.MethodPost, Path: "/v2/partners/sub-customers/budget/query",
		Sites: intlOnly,
	}
	opBudgetRecords = core.Operation{
		Service: "customers", Name: "ListSubCustomerBudgetRecords",
		Method: http.MethodGet, Path: "/v2/partners/sub-customers/budget/records",
		Answer: []string{"total_count"},
		Sites:  intlOnly,
	}
	// Freezing or unfreezing twice leaves the same state: retried.
	opFreeze = core.Operation{
		Service: "customers", Name: "FreezeSubCustomers",
		Method: http.MethodPost, Path: "/v2/partners/sub-customers/freeze",
		Sites: intlOnly,
	}
	opUnfreeze = core.Operation{
		Service: "customers", Name: "UnfreezeSubCustomers",
		Method: http.MethodPost, Path: "/v2/partners/sub-customers/unfreeze",
		Sites: intlOnly,
	}
)

// Documented limits of the customer operations.
const (
	// MaxOffset is the largest offset List accepts.
	MaxOffset = 40_000_000
	// CheckIdentityRate is CheckUserIdentity's documented flow-control
	// quota, requests per second (the other operations allow 10).
	CheckIdentityRate = 5
	// MaxBalanceCustomers is how many customers one Balances call reads.
	MaxBalanceCustomers = 100
	// MaxBudgetCustomers is how many customers one ListBudgets call reads.
	MaxBudgetCustomers = 100
	// MaxFreezeCustomers is how many customers one Freeze or Unfreeze
	// call takes.
	MaxFreezeCustomers = 10

	maxIDLen         = 64
	maxFilterLen     = 64
	maxAssocTypeLen  = 2
	maxTransIDLen    = 128
	maxXAccountIDLen = 128
	maxXAccountType  = 64
	maxSearchValue   = 64
	maxMobileLen     = 32
	maxEmailLen      = 64
	maxLangLen       = 16
	maxReasonLen     = 256
	maxMarketingLen  = 10
	codeLen          = 6
)
