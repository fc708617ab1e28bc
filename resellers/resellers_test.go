package resellers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/resellers"
)

const opList = "ListIndirectPartners"

func setup(t *testing.T, opts ...hwpartner.Option) (*hwpartner.Client, *hwpartnertest.Server) {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	c, err := hwpartner.NewClient(append([]hwpartner.Option{
		hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
		hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(3, time.Millisecond, 5*time.Millisecond),
	}, opts...)...)
	require.NoError(t, err)
	return c, srv
}

func seed(t *testing.T, srv *hwpartnertest.Server, n int) []hwpartnertest.IndirectPartner {
	t.Helper()
	var out []hwpartnertest.IndirectPartner
	for i := range n {
		r := hwpartnertest.IndirectPartner{
			ID:           fmt.Sprintf("reseller-%02d", i),
			Name:         fmt.Sprintf("Reseller %02d", i),
			AccountName:  fmt.Sprintf("account-%02d", i),
			AssociatedOn: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC),
		}
		require.NoError(t, srv.SeedReseller(r))
		out = append(out, r)
	}
	return out
}

func lastBody(t *testing.T, srv *hwpartnertest.Server) string {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	r := reqs[len(reqs)-1]
	assert.Equal(t, opList, string(r.Operation))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/partners/indirect-partners/query", r.Path)
	assert.Empty(t, r.Query)
	assert.Contains(t, r.Header.Get("Authorization"), "SDK-HMAC-SHA256 Access="+srv.AccessKey())
	return string(r.Body)
}

func TestListSendsEveryFilterAndDecodesResellers(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	want := hwpartnertest.IndirectPartner{
		ID: "0977ffa9f20010790f0fc003f6900520", Name: "Acme", AccountName: "acme",
		MobilePhone: "+86-13800000001", Email: "ops@acme.example",
		AccountManagerID: "li.na", AccountManagerName: "Li Na",
		AssociatedOn: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC),
	}
	require.NoError(t, srv.SeedReseller(want))

	cst := time.FixedZone("UTC+8", 8*3600)
	page, err := c.Resellers.List(t.Context(), &resellers.ListParams{
		AccountName:    "acme",
		AssociatedFrom: time.Date(2024, 3, 1, 8, 0, 0, 999, cst), // sent in UTC, to the second
		AssociatedTo:   time.Date(2024, 3, 1, 16, 0, 0, 0, cst),
		ResellerID:     want.ID,
		ListOptions:    core.ListOptions{Offset: 0, Limit: 5},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"account_name":"acme","associated_on_begin":"2024-03-01T00:00:00Z",
		"associated_on_end":"2024-03-01T08:00:00Z","indirect_partner_id":"0977ffa9f20010790f0fc003f6900520","limit":5}`,
		lastBody(t, srv))

	require.Len(t, page.Items, 1)
	r := page.Items[0]
	assert.Equal(t, want.ID, r.ID)
	assert.Equal(t, "Acme", r.Name)
	assert.Equal(t, "acme", r.AccountName)
	assert.Equal(t, want.MobilePhone, r.MobilePhone)
	assert.Equal(t, want.Email, r.Email)
	assert.Equal(t, "li.na", r.AccountManagerID)
	assert.Equal(t, "Li Na", r.AccountManagerName)
	assert.True(t, want.AssociatedOn.Equal(r.AssociatedOn.Time))
	assert.Equal(t, 1, page.Total)
	assert.Equal(t, 5, page.Limit)
	assert.False(t, page.HasMore())
	assert.Equal(t, http.StatusOK, page.StatusCode)
	assert.NotEmpty(t, page.RequestID)
	assert.Equal(t, 1, page.Attempts)
}

func TestListWithoutParamsSendsAnEmptyObject(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 3)
	for _, p := range []*resellers.ListParams{nil, {}} {
		page, err := c.Resellers.List(t.Context(), p)
		require.NoError(t, err)
		assert.JSONEq(t, `{}`, lastBody(t, srv))
		assert.Len(t, page.Items, 3)
		assert.Equal(t, 10, page.Limit)
	}
}

func ids(rs []resellers.Reseller) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 5) // associated on 2024-01-01 … 2024-01-05
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	cases := map[string]struct {
		p    resellers.ListParams
		want []string
	}{
		"account name": {resellers.ListParams{AccountName: "account-03"}, []string{"reseller-03"}},
		"reseller id":  {resellers.ListParams{ResellerID: "reseller-01"}, []string{"reseller-01"}},
		"window":       {resellers.ListParams{AssociatedFrom: day(2), AssociatedTo: day(4)}, []string{"reseller-01", "reseller-02", "reseller-03"}},
		"from only":    {resellers.ListParams{AssociatedFrom: day(5)}, []string{"reseller-04"}},
		"no match":     {resellers.ListParams{AccountName: "nobody"}, []string{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			page, err := c.Resellers.List(t.Context(), &tc.p)
			require.NoError(t, err)
			assert.Equal(t, tc.want, ids(page.Items))
			assert.Equal(t, len(tc.want), page.Total)
		})
	}
}

func TestListPages(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 25)
	page, err := c.Resellers.List(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Offset: 10, Limit: 10}})
	require.NoError(t, err)
	assert.Equal(t, "reseller-10", page.Items[0].ID)
	assert.Len(t, page.Items, 10)
	assert.Equal(t, 25, page.Total)
	assert.True(t, page.HasMore())
	assert.Equal(t, 20, page.NextOffset())

	page, err = c.Resellers.List(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Offset: 20, Limit: 10}})
	require.NoError(t, err)
	assert.Len(t, page.Items, 5)
	assert.False(t, page.HasMore())
}

func TestListIterWalksEveryPage(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 25)
	p := &resellers.ListParams{ListOptions: core.ListOptions{Offset: 1, Limit: 7}}
	var got []string
	for r, err := range c.Resellers.ListIter(t.Context(), p) {
		require.NoError(t, err)
		got = append(got, r.ID)
	}
	require.Len(t, got, 24)
	assert.Equal(t, "reseller-01", got[0])
	assert.Equal(t, "reseller-24", got[23])
	assert.Equal(t, 4, srv.RequestCount(opList)) // 7+7+7+3
	assert.Equal(t, 1, p.Offset, "the caller's params are not changed")

	// A zero limit walks in pages of 100.
	srv.ResetRequests()
	n := 0
	for _, err := range c.Resellers.ListIter(t.Context(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 25, n)
	assert.Equal(t, 1, srv.RequestCount(opList))
	assert.JSONEq(t, `{"limit":100}`, string(srv.Requests()[0].Body))
}

func TestListIterStopsWhenTheLoopDoes(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 25)
	n := 0
	for _, err := range c.Resellers.ListIter(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Limit: 5}}) {
		require.NoError(t, err)
		if n++; n == 6 {
			break
		}
	}
	assert.Equal(t, 2, srv.RequestCount(opList))
}

func TestListIterYieldsTheErrorAndStops(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 12)
	var got []string
	var errs []error
	for r, err := range c.Resellers.ListIter(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Limit: 5}}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, r.ID)
		if len(got) == 1 {
			srv.InjectFault(opList, hwpartnertest.Fault{Status: 403, Code: "CBC.0151", Times: 1})
		}
	}
	assert.Len(t, got, 5)
	require.Len(t, errs, 1)
	assert.True(t, hwpartner.IsPermission(errs[0]))
}

func TestGet(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 3)
	r, err := c.Resellers.Get(t.Context(), "reseller-02")
	require.NoError(t, err)
	assert.Equal(t, "Reseller 02", r.Name)
	assert.JSONEq(t, `{"indirect_partner_id":"reseller-02"}`, lastBody(t, srv))
}

func TestGetUnknownResellerIsNotFound(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	require.NoError(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "OTHERAK", SecretKey: "other-sk",
		Account: hwpartnertest.Account{DomainID: "other-distributor", Kind: hwpartnertest.Distributor}}))
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "theirs", DistributorID: "other-distributor"}))

	for _, id := range []string{"missing", "theirs"} {
		r, err := c.Resellers.Get(t.Context(), id)
		assert.Nil(t, r)
		assert.ErrorIs(t, err, hwpartner.ErrNotFound)
		var nf *resellers.NotFoundError
		require.ErrorAs(t, err, &nf)
		assert.Equal(t, id, nf.ID)
		assert.Contains(t, err.Error(), id)
	}
}

func TestValidationSendsNothing(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Resellers.List(t.Context(), &resellers.ListParams{
		AccountName:    strings.Repeat("a", 65),
		AssociatedFrom: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		AssociatedTo:   time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		ResellerID:     strings.Repeat("r", 65),
		ListOptions:    core.ListOptions{Offset: resellers.MaxOffset + 1, Limit: 101},
	})
	var ve *hwpartner.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.ErrorIs(t, err, hwpartner.ErrInvalidRequest)
	assert.Equal(t, opList, string(ve.Operation))
	for _, f := range []string{"account_name", "associated_on_begin", "associated_on_end", "indirect_partner_id", "offset", "limit"} {
		assert.True(t, ve.Has(f), f)
	}
	assert.Len(t, ve.Fields, 6)

	_, err = c.Resellers.List(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Offset: -1, Limit: -1}})
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Fields, 2)

	_, err = c.Resellers.Get(t.Context(), "")
	require.ErrorAs(t, err, &ve)
	assert.True(t, ve.Has("indirect_partner_id"))

	for r, err := range c.Resellers.ListIter(t.Context(), &resellers.ListParams{ListOptions: core.ListOptions{Limit: 1000}}) {
		assert.Empty(t, r.ID)
		require.ErrorAs(t, err, &ve)
	}
	assert.Zero(t, srv.RequestCount(""))
}

func TestValidationAcceptsTheLimits(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	_, err := c.Resellers.List(t.Context(), &resellers.ListParams{
		AccountName:    strings.Repeat("名", 64), // characters, not bytes
		AssociatedFrom: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		ResellerID:     strings.Repeat("r", 64),
		ListOptions:    core.ListOptions{Offset: resellers.MaxOffset, Limit: 100},
	})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.RequestCount(opList))
}

func TestDocumentedErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status int
		code   string
		class  error
	}{
		{400, "CBC.0100", hwpartner.ErrInvalidRequest},
		{403, "CBC.0151", hwpartner.ErrPermission},
		{403, "CBC.0155", hwpartner.ErrPermission},
		{401, "CBC.0154", hwpartner.ErrAuth},
		{500, "CBC.0999", nil},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			c, srv := setup(t)
			srv.InjectFault(opList, hwpartnertest.Fault{Status: tc.status, Code: tc.code, Message: "refused"})
			_, err := c.Resellers.List(t.Context(), nil)
			var apiErr *hwpartner.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, "refused", apiErr.Message)
			assert.Equal(t, opList, string(apiErr.Operation))
			assert.NotEmpty(t, apiErr.RequestID)
			if tc.class != nil {
				assert.ErrorIs(t, err, tc.class)
			}
			want := 1
			if tc.status >= 500 {
				want = 4 // a query: retried
			}
			assert.Equal(t, want, srv.RequestCount(opList))
		})
	}
}

func TestOnlyDistributorsMayList(t *testing.T) {
	t.Parallel()
	for _, kind := range []hwpartnertest.AccountKind{hwpartnertest.SolutionProvider, hwpartnertest.Reseller, hwpartnertest.NotPartner} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			srv := hwpartnertest.NewServer(t, hwpartnertest.WithCredential(hwpartnertest.Credential{
				AccessKey: "KINDAK", SecretKey: "kind-sk", Account: hwpartnertest.Account{DomainID: "d-kind", Kind: kind}}))
			c, err := hwpartner.NewClient(hwpartner.WithAKSK("KINDAK", "kind-sk"), hwpartner.WithEndpoint(srv.URL))
			require.NoError(t, err)
			_, err = c.Resellers.List(t.Context(), nil)
			assert.ErrorIs(t, err, hwpartner.ErrPermission)
			assert.Equal(t, 1, srv.RequestCount(opList))
		})
	}
}

func TestQueriesAreRetried(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	seed(t, srv, 1)
	srv.InjectFault(opList, hwpartnertest.Fault{Status: 503, Times: 1})
	srv.InjectFault(opList, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
	page, err := c.Resellers.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
	assert.Equal(t, 3, page.Attempts)
	assert.Equal(t, 3, srv.RequestCount(opList))
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.Resellers.List(ctx, nil)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = c.Resellers.Get(ctx, "r1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, srv.RequestCount(""))
}

func TestResellerPrintsWithoutContactDetails(t *testing.T) {
	t.Parallel()
	r := resellers.Reseller{ID: "r1", Name: "Acme", MobilePhone: "+86-13800000001", Email: "ops@acme.example", AccountManagerName: "Zhang Wei"}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("reseller", "r", r)
	for _, s := range []string{fmt.Sprint(r), fmt.Sprintf("%v %+v %#v %s", r, r, r, r), fmt.Sprint(&r), r.String(), r.GoString(), logged.String()} {
		assert.NotContains(t, s, "13800000001")
		assert.NotContains(t, s, "acme.example")
		assert.NotContains(t, s, "Zhang Wei")
		assert.Contains(t, s, "r1")
	}
	assert.Contains(t, r.String(), "[REDACTED]")
}

func TestResellerJSONRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{"indirect_partner_id":"r1","name":"Acme","account_name":"acme","mobile_phone":"+86-1","email":"a@b.example",
		"associated_on":"2024-03-01T08:00:00Z","account_manager_id":"li.na","account_manager_name":"Li Na"}`
	var r resellers.Reseller
	require.NoError(t, json.Unmarshal([]byte(in), &r))
	assert.Equal(t, "+86-1", r.MobilePhone)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
}

func TestNotFoundErrorMatchesOnlyNotFound(t *testing.T) {
	t.Parallel()
	err := error(&resellers.NotFoundError{ID: "x"})
	assert.ErrorIs(t, err, core.ErrNotFound)
	assert.False(t, errors.Is(err, core.ErrPermission))
}

// answering is a core.Requester that answers every call with one body.
type answering struct {
	body string
	ops  []*core.Operation
}

func (a *answering) Do(_ context.Context, op *core.Operation, params, result any) (core.ResponseMeta, error) {
	if v, ok := params.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return core.ResponseMeta{}, err
		}
	}
	a.ops = append(a.ops, op)
	return core.ResponseMeta{StatusCode: http.StatusOK}, json.Unmarshal([]byte(a.body), result)
}

// A server that ignores the id filter must not make Get return someone
// else.
func TestGetChecksTheAnswer(t *testing.T) {
	t.Parallel()
	r := &answering{body: `{"count":2,"indirect_partners":[{"indirect_partner_id":"a","name":"A"},{"indirect_partner_id":"b","name":"B"}]}`}
	s := resellers.NewService(r)

	got, err := s.Get(t.Context(), "b")
	require.NoError(t, err)
	assert.Equal(t, "B", got.Name)

	got, err = s.Get(t.Context(), "c")
	assert.Nil(t, got)
	assert.ErrorIs(t, err, core.ErrNotFound)

	require.Len(t, r.ops, 2)
	assert.Equal(t, "ListIndirectPartners", r.ops[0].Name)
	assert.Equal(t, http.MethodPost, r.ops[0].Method)
	assert.Equal(t, "/v2/partners/indirect-partners/query", r.ops[0].Path)
	assert.False(t, r.ops[0].MovesMoney)

	page, err := s.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, ids(page.Items))
	assert.Equal(t, 2, page.Total)
}

func TestListParamsValidate(t *testing.T) {
	t.Parallel()
	assert.NoError(t, (&resellers.ListParams{}).Validate())
	assert.NoError(t, (&resellers.ListParams{AccountName: strings.Repeat("a", 64), ListOptions: core.ListOptions{Offset: resellers.MaxOffset, Limit: 100}}).Validate())

	err := (&resellers.ListParams{ResellerID: strings.Repeat("r", 65), ListOptions: core.ListOptions{Limit: 101}}).Validate()
	var ve *core.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []core.FieldError{
		{Field: "indirect_partner_id", GoField: "ResellerID", Problem: "must be at most 64 characters"},
		{Field: "limit", GoField: "Limit", Problem: "must be between 1 and 100"},
	}, ve.Fields)
}
