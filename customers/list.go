package customers

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"github.com/hwpartner/go-hwpartner/core"
)

// ListParams filters ListSubCustomers. The zero value lists every customer
// of the caller, 10 per page. Empty strings and zero times are not sent:
// the API treats an absent filter and an empty one alike.
//
// AccountName, RealName and Label match any part of the value (prefix,
// suffix or infix), case-sensitively, and must not contain spaces.
type ListParams struct {
	// AccountName selects customers by login name (at most 64 characters).
	AccountName string
	// RealName selects customers by authenticated real name (customer, at
	// most 64 characters). It is personal data: ListParams prints without it.
	RealName string
	// Label selects customers by tag (at most 64 characters).
	Label string
	// AssociationType selects one association type; on the China site 1
	// or 2, on the international sites 1 or 3.
	AssociationType AssociationType
	// AssociatedFrom and AssociatedTo bound when the customer was
	// associated. They are sent in UTC, to the second.
	AssociatedFrom time.Time `wire:"associated_on_begin"`
	AssociatedTo   time.Time `wire:"associated_on_end"`
	// CustomerID selects one customer (at most 64 characters).
	CustomerID string `wire:"customer_id"`
	// ResellerID, a reseller id, lists that reseller's customers instead of
	// the caller's own (indirect_partner_id; distributors only).
	ResellerID string `wire:"indirect_partner_id"`
	// ListOptions pages: offset 0 to 40,000,000, limit 1 to 100 (0: 10).
	core.ListOptions
}

// String shows p without the real-name filter.
func (p ListParams) String() string {
	return fmt.Sprintf("customers.ListParams{AccountName: %s, RealName: %s, Label: %s, AssociationType: %s, AssociatedFrom: %s, AssociatedTo: %s, CustomerID: %s, ResellerID: %s, Offset: %d, Limit: %d}",
		p.AccountName, hide(p.RealName), p.Label, string(p.AssociationType), core.FormatOptionalTime(p.AssociatedFrom),
		core.FormatOptionalTime(p.AssociatedTo), p.CustomerID, p.ResellerID, p.Offset, p.Limit)
}

// GoString is String.
func (p ListParams) GoString() string { return p.String() }

// Format prints String for every verb.
func (p ListParams) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue logs p without the real-name filter.
func (p ListParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Validate checks p against the API's documented limits for any site and
// returns a *core.ValidationError listing every bad field, or nil. The
// service also applies the rules of the site it calls.
func (p *ListParams) Validate() error {
	v := core.ValidatorFor(p)
	p.check(&v, core.SiteCustom)
	return v.Err()
}

func (p *ListParams) check(v *core.Validator, site core.Site) {
	fuzzy(v, "account_name", p.AccountName)
	fuzzy(v, "customer", p.RealName)
	fuzzy(v, "label", p.Label)
	if p.AssociationType != "" {
		v.MaxLen("association_type", string(p.AssociationType), maxAssocTypeLen)
		if !p.AssociationType.onSite(site) {
			v.Add("association_type", associationProblem(site))
		}
	}
	v.Time("associated_on_begin", p.AssociatedFrom)
	v.Time("associated_on_end", p.AssociatedTo)
	v.MaxLen("customer_id", p.CustomerID, maxIDLen)
	v.MaxLen("indirect_partner_id", p.ResellerID, maxIDLen)
	p.ListOptions.Check(v, MaxOffset)
}

func associationProblem(site core.Site) string {
	switch site {
	case core.SiteChina:
		return "must be 1 (referral) or 2 (partner-funded) on the china site"
	case core.SiteInternational, core.SiteEU:
		return fmt.Sprintf("must be 1 (referral) or 3 (resale) on the %s site", site)
	}
	return "must be 1 (referral), 2 (partner-funded) or 3 (resale)"
}

// fuzzy checks a substring filter: at most 64 characters, no spaces.
func fuzzy(v *core.Validator, field, value string) {
	v.MaxLen(field, value, maxFilterLen)
	if strings.ContainsFunc(value, unicode.IsSpace) {
		v.Add(field, "must not contain spaces")
	}
}

// listBody is the wire form of ListParams. It validates its source with
// the site's rules, so the transport checks the caller's params before
// sending anything.
type listBody struct {
	src  *ListParams
	site core.Site

	AccountName     string `json:"account_name,omitempty"`
	RealName        string `json:"customer,omitempty"`
	Label           string `json:"label,omitempty"`
	AssociationType string `json:"association_type,omitempty"`
	AssociatedFrom  string `json:"associated_on_begin,omitempty"`
	AssociatedTo    string `json:"associated_on_end,omitempty"`
	CustomerID      string `json:"customer_id,omitempty"`
	ResellerID      string `json:"indirect_partner_id,omitempty"`
	core.ListOptions
}

func (b *listBody) Validate() error {
	v := core.ValidatorFor(b.src)
	b.src.check(&v, b.site)
	return v.Err()
}

// Format keeps the real-name filter out of printed wire forms.
func (b listBody) Format(f fmt.State, _ rune) { fmt.Fprint(f, b.src.String()) }

func (p *ListParams) wire(site core.Site) *listBody {
	return &listBody{
		src:             p,
		site:            site,
		AccountName:     p.AccountName,
		RealName:        p.RealName,
		Label:           p.Label,
		AssociationType: string(p.AssociationType),
		AssociatedFrom:  core.FormatOptionalTime(p.AssociatedFrom),
		AssociatedTo:    core.FormatOptionalTime(p.AssociatedTo),
		CustomerID:      p.CustomerID,
		ResellerID:      p.ResellerID,
		ListOptions:     p.ListOptions,
	}
}

// List returns one page of the customers matching p (nil: all of the
// caller's own). Newly created customers appear only once their
// association has completed (see WaitForAssociation).
//
// API: POST /v2/partners/sub-customers/query (ListSubCustomers),
// https://support.huaweicloud.com/api-bpconsole/mc_00021.html.
// A query despite the POST: retried.
func (s *Service) List(ctx context.Context, p *ListParams) (*core.Page[Customer], error) {
	if p == nil {
		p = &ListParams{}
	}
	var out struct {
		Count     int        `json:"count"`
		Customers []Customer `json:"customer_infos"`
	}
	meta, err := s.r.Do(ctx, &opList, p.wire(s.site()), &out)
	if err != nil {
		return nil, err
	}
	return core.NewPage(out.Customers, out.Count, p.ListOptions, meta), nil
}

// ListIter walks every customer matching p, from p.Offset on, fetching
// pages as needed (100 at a time when p.Limit is 0). It stops at the first
// error, which it yields. p is copied; later changes do not affect it.
//
// API: as List; each page is retried on its own.
func (s *Service) ListIter(ctx context.Context, p *ListParams) iter.Seq2[Customer, error] {
	var params ListParams
	if p != nil {
		params = *p
	}
	return core.Paginate(ctx, params.ListOptions, func(ctx context.Context, o core.ListOptions) (*core.Page[Customer], error) {
		page := params
		page.ListOptions = o
		return s.List(ctx, &page)
	})
}

// Get returns the caller's own customer with the given id. When the caller
// has no such (associated) customer the error is a *NotFoundError, which
// matches core.ErrNotFound.
//
// API: POST /v2/partners/sub-customers/query (ListSubCustomers) with
// customer_id. Retried.
func (s *Service) Get(ctx context.Context, id string) (*Customer, error) {
	return s.get(ctx, "", id)
}

// GetOfReseller returns the customer with the given id of one of the
// caller's resellers. When the reseller has no such customer the error is
// a *NotFoundError; a reseller that is not the caller's is refused with
// CBC.99000037 (core.ErrPermission).
//
// API: POST /v2/partners/sub-customers/query (ListSubCustomers) with
// customer_id and indirect_partner_id. Retried.
func (s *Service) GetOfReseller(ctx context.Context, resellerID, id string) (*Customer, error) {
	var v core.Validator
	v.Required("indirect_partner_id", resellerID, maxIDLen)
	if err := v.Err(); err != nil {
		return nil, core.WithOperation(err, &opList)
	}
	return s.get(ctx, resellerID, id)
}

func (s *Service) get(ctx context.Context, resellerID, id string) (*Customer, error) {
	var v core.Validator
	v.Required("customer_id", id, maxIDLen)
	if err := v.Err(); err != nil {
		return nil, core.WithOperation(err, &opList)
	}
	page, err := s.List(ctx, &ListParams{CustomerID: id, ResellerID: resellerID})
	if err != nil {
		return nil, err
	}
	// The filter is the server's; check the answer rather than trust it.
	for i := range page.Items {
		if page.Items[i].ID == id {
			c := page.Items[i]
			return &c, nil
		}
	}
	return nil, &NotFoundError{ID: id, ResellerID: resellerID}
}

// NotFoundError says that the caller (or the reseller) has no associated
// customer with the id or platform user id searched for.
type NotFoundError struct {
	// ID is the customer id searched for (Get, WaitForAssociation), or "".
	ID string
	// XAccountID is the platform user id searched for (FindCreated), or "".
	XAccountID string
	// ResellerID is the reseller whose customers were searched, or "".
	ResellerID string
}

// Error names the missing customer.
func (e *NotFoundError) Error() string {
	what := fmt.Sprintf("id %q", e.ID)
	if e.ID == "" {
		what = fmt.Sprintf("xaccount_id %q", e.XAccountID)
	}
	if e.ResellerID != "" {
		return fmt.Sprintf("hwpartner: customers.ListSubCustomers: reseller %q has no associated customer with %s", e.ResellerID, what)
	}
	return fmt.Sprintf("hwpartner: customers.ListSubCustomers: no associated customer with %s", what)
}

// Is matches core.ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == core.ErrNotFound }
