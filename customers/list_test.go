package customers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

func TestListWire(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	page, err := c.Customers.List(t.Context(), &customers.ListParams{
		AccountName: "studio", RealName: "Zhao", Label: "ret", AssociationType: customers.AssociationFunded,
		AssociatedFrom: seedTime.In(time.FixedZone("UTC+8", 8*3600)), AssociatedTo: seedTime.Add(time.Hour),
		CustomerID: funded, ListOptions: core.ListOptions{Offset: 0, Limit: 5},
	})
	require.NoError(t, err)
	r := last(t, srv)
	assert.Equal(t, opList, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/partners/sub-customers/query", r.Path)
	assert.Empty(t, r.Query)
	assert.JSONEq(t, `{"account_name":"studio","customer":"Zhao","label":"ret","association_type":"2",
		"associated_on_begin":"2024-05-01T08:00:00Z","associated_on_end":"2024-05-01T09:00:00Z",
		"customer_id":"c-funded","limit":5}`, string(r.Body))
	require.Len(t, page.Items, 1)
	assert.Equal(t, 1, page.Total)
	assert.Equal(t, 5, page.Limit)
	cu := page.Items[0]
	assert.Equal(t, funded, cu.ID)
	assert.Equal(t, "zhao-studio", cu.AccountName)
	assert.Equal(t, "Zhao Lei", cu.RealName)
	assert.Equal(t, seedTime, cu.AssociatedOn.Time)
	assert.Equal(t, customers.AssociationFunded, cu.AssociationType)
	assert.True(t, cu.AssociationType.Fundable())
	assert.Equal(t, "retail", cu.Label)
	assert.Equal(t, "13800000001", cu.Telephone)
	assert.Equal(t, "0086", cu.CountryCode)
	assert.Equal(t, "zhao@example.com", cu.Email)
	assert.Equal(t, customers.NotVerified, cu.VerifiedStatus)
	require.NotNil(t, cu.Type)
	assert.Equal(t, customers.CustomerTypeNone, *cu.Type)
	assert.Equal(t, customers.NotFrozen, cu.Frozen)
	assert.Equal(t, []customers.AccountManager{{AccountName: "li.na"}}, cu.AccountManagers)
	assert.Equal(t, "u-1", cu.XAccountID)
	assert.Equal(t, "shop", cu.XAccountType)
	assert.Equal(t, "V2", cu.Level)
	assert.Equal(t, http.StatusOK, page.StatusCode)
	assert.NotEmpty(t, page.RequestID)
}

func TestListEmptyParamsSendAnEmptyObject(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	page, err := c.Customers.List(t.Context(), nil)
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(last(t, srv).Body))
	// The caller's own customers, newest association first.
	var ids []string
	for _, cu := range page.Items {
		ids = append(ids, cu.ID)
	}
	assert.Equal(t, []string{resale, referral, funded}, ids)
	assert.Equal(t, 3, page.Total)
	assert.False(t, page.HasMore())
}

func TestListOfAReseller(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seedOther(t, srv)
	page, err := c.Customers.List(t.Context(), &customers.ListParams{ResellerID: resellerID})
	require.NoError(t, err)
	assert.JSONEq(t, `{"indirect_partner_id":"r-acme"}`, string(last(t, srv).Body))
	require.Len(t, page.Items, 1)
	assert.Equal(t, ofReseller, page.Items[0].ID)

	for _, id := range []string{theirReseller, "no-such-reseller"} {
		_, err = c.Customers.List(t.Context(), &customers.ListParams{ResellerID: id})
		assert.ErrorIs(t, err, hwpartner.ErrPermission)
		assert.True(t, core.HasCode(err, "CBC.99000037"))
	}
}

func TestListIterWalksEveryPage(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for i := range 23 {
		_, err := srv.SeedCustomer(hwpartnertest.Customer{ID: fmt.Sprintf("bulk-%02d", i), Owner: resellerID,
			AssociatedOn: seedTime.Add(-time.Duration(i) * time.Minute)})
		require.NoError(t, err)
	}
	srv.ResetRequests()
	var ids []string
	for cu, err := range c.Customers.ListIter(t.Context(), &customers.ListParams{ResellerID: resellerID, ListOptions: core.ListOptions{Limit: 10}}) {
		require.NoError(t, err)
		ids = append(ids, cu.ID)
	}
	assert.Len(t, ids, 24)
	assert.Equal(t, "bulk-00", ids[1]) // newest association first, after c-acme-1
	assert.Equal(t, 3, srv.RequestCount(opList))
	var offsets []string
	for _, r := range srv.Requests() {
		offsets = append(offsets, string(r.Body))
	}
	assert.Equal(t, []string{
		`{"indirect_partner_id":"r-acme","limit":10}`,
		`{"indirect_partner_id":"r-acme","offset":10,"limit":10}`,
		`{"indirect_partner_id":"r-acme","offset":20,"limit":10}`,
	}, offsets)

	// Stopping early sends nothing more.
	srv.ResetRequests()
	for range c.Customers.ListIter(t.Context(), nil) {
		break
	}
	assert.Equal(t, 1, srv.RequestCount(""))
}

func TestListIterStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	srv.InjectFault(opList, hwpartnertest.Fault{Status: 403, Code: "CBC.0151"})
	n := 0
	for _, err := range c.Customers.ListIter(t.Context(), nil) {
		n++
		assert.ErrorIs(t, err, hwpartner.ErrPermission)
	}
	assert.Equal(t, 1, n)
}

func TestGet(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	cu, err := c.Customers.Get(t.Context(), funded)
	require.NoError(t, err)
	assert.Equal(t, "zhao-studio", cu.AccountName)
	assert.JSONEq(t, `{"customer_id":"c-funded"}`, string(last(t, srv).Body))

	cu, err = c.Customers.GetOfReseller(t.Context(), resellerID, ofReseller)
	require.NoError(t, err)
	assert.Equal(t, "acme-shop", cu.AccountName)
	assert.JSONEq(t, `{"customer_id":"c-acme-1","indirect_partner_id":"r-acme"}`, string(last(t, srv).Body))

	// A reseller's customer is not the caller's own.
	_, err = c.Customers.Get(t.Context(), ofReseller)
	var nf *customers.NotFoundError
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, ofReseller, nf.ID)
	assert.ErrorIs(t, err, hwpartner.ErrNotFound)
	assert.True(t, hwpartner.IsNotFound(err))
	assert.Contains(t, err.Error(), ofReseller)

	_, err = c.Customers.GetOfReseller(t.Context(), resellerID, funded)
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, resellerID, nf.ResellerID)
	assert.Contains(t, err.Error(), resellerID)
}

func TestGetChecksTheAnswer(t *testing.T) {
	t.Parallel()
	// A server that ignored the filter answers with other customers.
	mt := newMock(t)
	mt.answer(http.MethodPost, "/v2/partners/sub-customers/query", 200,
		`{"count":1,"customer_infos":[{"customer_id":"someone-else","account_name":"x"}]}`)
	c := mockClient(t, mt, hwpartner.SiteChina)
	_, err := c.Customers.Get(t.Context(), "wanted")
	assert.ErrorIs(t, err, hwpartner.ErrNotFound)
	assert.Equal(t, 1, mt.calls())
}

func TestGetValidation(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	for _, id := range []string{"", strings.Repeat("c", 65)} {
		_, err := c.Customers.Get(t.Context(), id)
		assert.Equal(t, []string{"customer_id"}, fields(t, err))
		var ve *hwpartner.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, opList, string(ve.Operation))
	}
	_, err := c.Customers.GetOfReseller(t.Context(), "", funded)
	assert.Equal(t, []string{"indirect_partner_id"}, fields(t, err))
	assert.Zero(t, srv.RequestCount(""))
}

func TestListValidationSendsNothing(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	long := strings.Repeat("x", 65)
	cases := map[string]struct {
		p      customers.ListParams
		fields []string
	}{
		"spaces":      {customers.ListParams{AccountName: "a b", RealName: "Zhao Lei", Label: "x\ty"}, []string{"account_name", "customer", "label"}},
		"full-width":  {customers.ListParams{RealName: "赵　磊"}, []string{"customer"}},
		"lengths":     {customers.ListParams{AccountName: long, CustomerID: long, ResellerID: long}, []string{"account_name", "customer_id", "indirect_partner_id"}},
		"association": {customers.ListParams{AssociationType: "4"}, []string{"association_type"}},
		"long enum":   {customers.ListParams{AssociationType: "123"}, []string{"association_type", "association_type"}},
		"paging":      {customers.ListParams{ListOptions: core.ListOptions{Offset: customers.MaxOffset + 1, Limit: 101}}, []string{"offset", "limit"}},
		"negative":    {customers.ListParams{ListOptions: core.ListOptions{Offset: -1, Limit: -1}}, []string{"offset", "limit"}},
		"far future":  {customers.ListParams{AssociatedTo: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"associated_on_end"}},
	}
	for name, tc := range cases {
		_, err := c.Customers.List(t.Context(), &tc.p)
		assert.Equal(t, tc.fields, fields(t, err), name)
		assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
		// Nothing personal in the problem.
		assert.NotContains(t, err.Error(), "Zhao")
	}
	assert.Zero(t, srv.RequestCount(""))

	// An explicit endpoint may be either site: the (China-site) fake refuses
	// resale, the SDK leaves that to it.
	_, err := c.Customers.List(t.Context(), &customers.ListParams{AssociationType: customers.AssociationResale})
	assert.True(t, core.HasCode(err, "CBC.0100"))
	assert.Equal(t, 1, srv.RequestCount(""))

	// The limits themselves are accepted.
	max := strings.Repeat("x", 64)
	require.NoError(t, (&customers.ListParams{AccountName: max, RealName: max, Label: max, CustomerID: max, ResellerID: max,
		ListOptions: core.ListOptions{Offset: customers.MaxOffset, Limit: 100}}).Validate())
}

func TestListAssociationTypesBySite(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		site    hwpartner.Site
		ok, bad customers.AssociationType
	}{
		{hwpartner.SiteChina, customers.AssociationFunded, customers.AssociationResale},
		{hwpartner.SiteInternational, customers.AssociationResale, customers.AssociationFunded},
		{hwpartner.SiteEU, customers.AssociationReferral, customers.AssociationFunded},
	} {
		mt := newMock(t)
		mt.answer(http.MethodPost, "/v2/partners/sub-customers/query", 200, `{"count":0,"customer_infos":[]}`)
		c := mockClient(t, mt, tc.site)
		_, err := c.Customers.List(t.Context(), &customers.ListParams{AssociationType: tc.ok})
		require.NoError(t, err, tc.site)
		_, err = c.Customers.List(t.Context(), &customers.ListParams{AssociationType: tc.bad})
		assert.Equal(t, []string{"association_type"}, fields(t, err), tc.site)
		assert.Contains(t, err.Error(), tc.site.String())
		assert.Equal(t, 1, mt.calls())
	}
}

func TestListDocumentedErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		code   string
		class  error
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest},
		{400, "CBC.99000037", hwpartner.ErrPermission},
		{401, "CBC.0154", hwpartner.ErrAuth},
		{403, "CBC.0151", hwpartner.ErrPermission},
		{429, "CBC.0250", hwpartner.ErrThrottled},
		{500, "CBC.0999", nil},
	} {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			c, srv := setup(t)
			srv.InjectFault(opList, hwpartnertest.Fault{Status: tc.status, Code: tc.code})
			_, err := c.Customers.List(t.Context(), nil)
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, opList, string(apiErr.Operation))
			assert.NotEmpty(t, apiErr.RequestID)
			if tc.class != nil {
				assert.ErrorIs(t, err, tc.class)
			}
			want := 1
			if tc.status >= 500 || tc.status == 429 {
				want = 4 // a query: retried
			}
			assert.Equal(t, want, srv.RequestCount(opList))
		})
	}
}

func TestListByAccountKind(t *testing.T) {
	t.Parallel()
	t.Run("a solution provider lists its own customers", func(t *testing.T) {
		t.Parallel()
		_, srv := setup(t)
		sp := asKind(t, srv, hwpartnertest.SolutionProvider)
		_, err := srv.SeedCustomer(hwpartnertest.Customer{ID: "sp-1", Owner: "d-solution provider"})
		require.NoError(t, err)
		page, err := sp.Customers.List(t.Context(), nil)
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, "sp-1", page.Items[0].ID)
		// It has no resellers.
		_, err = sp.Customers.List(t.Context(), &customers.ListParams{ResellerID: resellerID})
		assert.True(t, core.HasCode(err, "CBC.99000037"))
	})
	for _, kind := range []hwpartnertest.AccountKind{hwpartnertest.Reseller, hwpartnertest.NotPartner} {
		t.Run(kind.String()+" is refused", func(t *testing.T) {
			t.Parallel()
			_, srv := setup(t)
			_, err := asKind(t, srv, kind).Customers.List(t.Context(), nil)
			assert.ErrorIs(t, err, hwpartner.ErrPermission)
		})
	}
}

func TestCustomerNamesTheKnownValues(t *testing.T) {
	t.Parallel()
	for v, want := range map[fmt.Stringer]string{
		customers.AssociationReferral: "referral", customers.AssociationFunded: "partner-funded",
		customers.AssociationResale: "resale", customers.AssociationType("9"): "9",
		customers.NotVerified: "not verified", customers.VerifyUnderReview: "under review",
		customers.VerifyRejected: "rejected", customers.Verified: "verified", customers.VerifyFailed: "failed",
		customers.CustomerTypeNone: "none", customers.Individual: "individual", customers.Enterprise: "enterprise",
		customers.CustomerType(7): "CustomerType(7)",
	} {
		assert.Equal(t, want, v.String())
	}
	assert.False(t, customers.AssociationReferral.Fundable())
	assert.False(t, customers.AssociationResale.Fundable())
}
