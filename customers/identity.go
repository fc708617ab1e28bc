package customers

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/hwpartner/go-hwpartner/core"
)

// SearchType is what CheckIdentity checks (search_type).
type SearchType string

// Search types.
const (
	SearchEmail  SearchType = "email"
	SearchMobile SearchType = "mobile"
	SearchName   SearchType = "name"
)

// isIdentityMobile: 00XX-XXXXXXXX, a country code with 00, a dash, the
// number (^00[0-9]{2}-[0-9]+$).
func isIdentityMobile(s string) bool {
	return len(s) > 5 && s[0] == '0' && s[1] == '0' && isDigit(s[2]) && isDigit(s[3]) && s[4] == '-' &&
		allDigits(s[5:])
}

// isIdentityName: a login name of 5 to 32 characters, a letter or "-"
// first (^[a-zA-Z-][a-zA-Z0-9_-]{4,31}$).
func isIdentityName(s string) bool {
	return 5 <= len(s) && len(s) <= 32 && (isLetter(s[0]) || s[0] == '-') && allNameChars(s)
}

// isDomainName: CreateSubCustomer's domain_name pattern, a letter, "_" or
// "-" first (^[a-zA-Z_-][a-zA-Z0-9_-]*$; the length is checked apart).
func isDomainName(s string) bool {
	return s != "" && (isLetter(s[0]) || s[0] == '_' || s[0] == '-') && allNameChars(s)
}

// CheckIdentityParams asks whether a login name, mobile number or email
// can still register a customer (CheckUserIdentity).
type CheckIdentityParams struct {
	// Type is SearchName, SearchMobile or SearchEmail.
	Type SearchType
	// Value (at most 64 characters) is, by Type: a login name (5 to 32
	// letters, digits, "_" or "-", starting with a letter or "-", not with
	// op_ or shadow_); a mobile number with its country code,
	// 00XX-XXXXXXXX (only 0086 on the China site); an email address. A
	// number or address is personal data: the params print without it.
	Value string `wire:"search_value"`
}

// String shows p without a personal value.
func (p CheckIdentityParams) String() string {
	v := p.Value
	if p.Type != SearchName {
		v = hide(v)
	}
	return fmt.Sprintf("customers.CheckIdentityParams{Type: %s, Value: %s}", string(p.Type), v)
}

// GoString is String.
func (p CheckIdentityParams) GoString() string { return p.String() }

// Format prints String for every verb.
func (p CheckIdentityParams) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue logs p without a personal value.
func (p CheckIdentityParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Validate checks p for any site and returns a *core.ValidationError, or
// nil. The service also applies the rules of the site it calls.
func (p *CheckIdentityParams) Validate() error {
	v := core.ValidatorFor(p)
	p.check(&v, core.SiteCustom)
	return v.Err()
}

func (p *CheckIdentityParams) check(v *core.Validator, site core.Site) {
	v.Required("search_value", p.Value, maxSearchValue)
	switch p.Type {
	case SearchName:
		if p.Value != "" {
			loginName(v, "search_value", p.Value, isIdentityName, "a letter or -")
		}
	case SearchMobile:
		if p.Value != "" && !isIdentityMobile(p.Value) {
			v.Add("search_value", "must be a mobile number with its country code, 00XX-XXXXXXXX (0086-13XXXXXXXXX)")
		} else if site == core.SiteChina && p.Value != "" && !strings.HasPrefix(p.Value, "0086-") {
			v.Add("search_value", "must be a Chinese number (0086-…) on the china site")
		}
	case SearchEmail:
		if p.Value != "" && !strings.Contains(p.Value, "@") {
			v.Add("search_value", "must be a complete email address")
		}
	default:
		v.Add("search_type", "must be email, mobile or name")
	}
}

// loginName applies the login-name rules shared by CheckUserIdentity and
// CreateSubCustomer.
func loginName(v *core.Validator, field, name string, valid func(string) bool, first string) {
	n := len(name)
	switch {
	case n < 5 || n > 32:
		v.Add(field, "must be 5 to 32 characters")
	case !valid(name):
		v.Add(field, "must hold only letters, digits, _ and -, and start with "+first)
	case strings.HasPrefix(name, "op_") || strings.HasPrefix(name, "shadow_"):
		v.Add(field, "must not start with op_ or shadow_")
	case allDigits(name):
		v.Add(field, "must not be all digits")
	}
}

type checkIdentityWire struct {
	src  *CheckIdentityParams
	site core.Site

	Type  string `json:"search_type"`
	Value string `json:"search_value"`
}

func (w *checkIdentityWire) Validate() error {
	v := core.ValidatorFor(w.src)
	w.src.check(&v, w.site)
	return v.Err()
}

func (w checkIdentityWire) Format(f fmt.State, _ rune) { fmt.Fprint(f, w.src.String()) }

// CheckResult values.
const (
	CheckAvailable  = "available"
	CheckUsedByUser = "used_by_user"
)

// CheckIdentityResult is the answer to CheckIdentity.
type CheckIdentityResult struct {
	// Available is true when the value may still be used to register.
	Available bool
	// Result is check_result as sent: "available" or "used_by_user".
	Result string
	// MobileRemaining, for a mobile number, is how many more customers it
	// may register (mobile_remain_available_num); nil when not sent.
	MobileRemaining *int
	core.ResponseMeta
}

// CheckIdentity asks whether a login name, mobile number or email can
// still be used to register a customer, before Create. The answer is
// advisory: Create can still fail. For mobile numbers the API only checks
// the number's registration limit.
//
// The API allows 5 calls a second (CheckIdentityRate) per partner, half
// the usual quota; above it calls are refused as throttled. The client
// paces it at that rate (hwpartner.WithRateLimit), so calls wait their
// turn instead.
//
// API: POST /v2/partners/sub-customers/users/check-identity
// (CheckUserIdentity), https://support.huaweicloud.com/api-bpconsole/mc_00023.html.
// A query: retried.
func (s *Service) CheckIdentity(ctx context.Context, p *CheckIdentityParams) (*CheckIdentityResult, error) {
	if p == nil {
		p = &CheckIdentityParams{}
	}
	var out struct {
		Result    string `json:"check_result"`
		Remaining *int   `json:"mobile_remain_available_num"`
	}
	w := &checkIdentityWire{src: p, site: s.site(), Type: string(p.Type), Value: p.Value}
	meta, err := s.r.Do(ctx, &opCheckIdentity, w, &out)
	if err != nil {
		_, number, _ := strings.Cut(p.Value, "-")
		return nil, classify(err, p.Value, number)
	}
	switch out.Result {
	case CheckAvailable, CheckUsedByUser:
	default:
		return nil, &core.OperationError{Service: opCheckIdentity.Service, Operation: opCheckIdentity.Name,
			RequestID: meta.RequestID, Attempts: meta.Attempts, Err: fmt.Errorf("unknown check_result %q", out.Result)}
	}
	return &CheckIdentityResult{Available: out.Result == CheckAvailable, Result: out.Result,
		MobileRemaining: out.Remaining, ResponseMeta: meta}, nil
}
