package customers_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

// Operation names, as the fake records them.
const (
	opList          = "ListSubCustomers"
	opCheck         = "CheckUserIdentity"
	opSendCode      = "SendVerificationMessageCode"
	opCreate        = "CreateSubCustomer"
	opBalances      = "ListCustomersBalancesDetail"
	opTransfer      = "UpdateCustomerAccountAmount"
	opReclaim       = "ReclaimToPartnerAccount"
	opRecords       = "ListPartnerAdjustRecords"
	opChanges       = "ListPartnerAccountChangeRecords"
	opShowBudget    = "ShowSubCustomerBudget"
	opSetBudget     = "UpdateSubCustomerBudget"
	opListBudgets   = "ListSubCustomerBudget"
	opBudgetRecords = "ListSubCustomerBudgetRecords"
	opFreeze        = "FreezeSubCustomers"
	opUnfreeze      = "UnfreezeSubCustomers"
)

// The setup's accounts and customers.
const (
	resellerID    = "r-acme"
	otherDomain   = "other-distributor"
	theirReseller = "r-theirs"

	funded        = "c-funded"   // the distributor's own, partner-funded, 100.00
	referral      = "c-referral" // the distributor's own, referral
	resale        = "c-resale"   // the distributor's own, resale, frozen
	ofReseller    = "c-acme-1"   // the reseller's, partner-funded, 40.00
	theirCustomer = "c-theirs"   // another distributor's
)

var seedTime = time.Date(2024, time.May, 1, 8, 0, 0, 0, time.UTC)

// setup starts a fake with a distributor (1000.00), one reseller (500.00)
// and the customers above, and a client with fast retries.
func setup(t *testing.T, opts ...hwpartner.Option) (*hwpartner.Client, *hwpartnertest.Server) {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	seed(t, srv)
	return client(t, srv, srv.AccessKey(), srv.SecretKey(), opts...), srv
}

func seed(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: resellerID, Name: "Acme", AccountName: "acme", Balance: hwpartnertest.MustParseAmount(t, "500.00")}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.MustParseAmount(t, "1000.00")))
	for i, c := range []hwpartnertest.Customer{
		{ID: funded, AccountName: "zhao-studio", RealName: "Zhao Lei", Telephone: "13800000001", CountryCode: "0086",
			Email: "zhao@example.com", Label: "retail", Balance: hwpartnertest.MustParseAmount(t, "100.00"), XAccountID: "u-1", XAccountType: "shop", Level: "V2",
			AccountManager: "li.na"},
		{ID: referral, AccountName: "li-consulting", AssociationType: hwpartnertest.AssociationReferral, Label: "referral"},
		{ID: resale, AccountName: "zhou-global", AssociationType: hwpartnertest.AssociationResale, FreezeType: "ACCOUNT"},
		{ID: ofReseller, AccountName: "acme-shop", Owner: resellerID, Balance: hwpartnertest.MustParseAmount(t, "40.00"), Label: "acme"},
	} {
		c.AssociatedOn = seedTime.Add(time.Duration(i) * time.Hour)
		_, err := srv.SeedCustomer(c)
		require.NoError(t, err)
	}
}

// seedOther adds a second distributor with a reseller and a customer.
func seedOther(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	require.NoError(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "OTHERAK", SecretKey: "other-sk",
		Account: hwpartnertest.Account{DomainID: otherDomain, Kind: hwpartnertest.Distributor}}))
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: theirReseller, DistributorID: otherDomain}))
	_, err := srv.SeedCustomer(hwpartnertest.Customer{ID: theirCustomer, Owner: otherDomain})
	require.NoError(t, err)
}

func client(t *testing.T, srv *hwpartnertest.Server, ak, sk string, opts ...hwpartner.Option) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(append([]hwpartner.Option{
		hwpartner.WithAKSK(ak, sk),
		hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(3, time.Millisecond, 5*time.Millisecond),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

// asKind adds credentials of another account kind and returns a client
// using them.
func asKind(t *testing.T, srv *hwpartnertest.Server, kind hwpartnertest.AccountKind) *hwpartner.Client {
	t.Helper()
	require.NoError(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "KINDAK", SecretKey: "kind-sk",
		Account: hwpartnertest.Account{DomainID: "d-" + kind.String(), Kind: kind}}))
	return client(t, srv, "KINDAK", "kind-sk")
}

func amount(t testing.TB, s string) core.Amount {
	t.Helper()
	a, err := core.ParseAmount(s)
	require.NoError(t, err)
	return a
}

func assertAmount(t *testing.T, want string, got core.Amount) {
	t.Helper()
	assert.Truef(t, amount(t, want).Equal(got), "want %s, got %s", want, got)
}

func last(t *testing.T, srv *hwpartnertest.Server) hwpartnertest.Request {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}

// lastOf returns the last request for op.
func lastOf(t *testing.T, srv *hwpartnertest.Server, op hwpartnertest.Op) hwpartnertest.Request {
	t.Helper()
	reqs := srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Operation == op {
			return reqs[i]
		}
	}
	t.Fatalf("no %s request", op)
	return hwpartnertest.Request{}
}

// fields lists a validation error's fields, in order.
func fields(t *testing.T, err error) []string {
	t.Helper()
	var ve *core.ValidationError
	require.ErrorAs(t, err, &ve)
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}
