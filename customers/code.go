package customers

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/hwpartner/go-hwpartner/core"
)

// Scene is what a verification code is for (scene, China site).
type Scene int

// Scenes. The zero value is not sent: the server takes SceneRegistration.
const (
	// SceneRegistration (29): the code Create needs with a mobile number.
	SceneRegistration Scene = 29
	// SceneBankCard (18): the code of an individual's bank-card real-name
	// authentication (realname.BankCard.VerificationCode).
	SceneBankCard Scene = 18
)

// Languages of the message (lang).
const (
	LangChinese = "zh-cn"
	LangEnglish = "en-us"
)

// Receiver types (receiver_type).
const (
	receiverSMS   = 1 // China site
	receiverEmail = 2 // international sites
)

// isChineseMobile reports whether s is a Chinese mobile number without
// country code: 1 and ten more digits (^1[0-9]{10}$).
func isChineseMobile(s string) bool { return len(s) == 11 && s[0] == '1' && allDigits(s) }

// SendCodeParams asks Huawei to send a verification code: by SMS to a
// Chinese mobile number on the China site, by email on the international
// sites (registration only there). Exactly one of MobilePhone and Email is
// set; on an explicit endpoint that choice picks the body.
//
// MobilePhone and Email are personal data: the params print without them.
type SendCodeParams struct {
	// MobilePhone is a Chinese mobile number without country code, such as
	// 13800000000 (China site).
	MobilePhone string `wire:"mobile_phone"`
	// Email is the address (at most 64 characters; international sites).
	Email string `wire:"email"`
	// Timeout is the code's lifetime in minutes, 1 to 3000; 0 is not sent
	// (10 minutes). The server replaces any value above 60 by 5 minutes.
	Timeout int `wire:"timeout"`
	// Lang is LangChinese or LangEnglish; "" is not sent (Chinese on the
	// China site).
	Lang string `wire:"lang"`
	// Scene is SceneRegistration (the default) or SceneBankCard (China site).
	Scene Scene
	// CustomerID is the customer a SceneBankCard code is for (required
	// with it, not sent otherwise).
	CustomerID string `wire:"customer_id"`
}

// String shows p without the phone number and email.
func (p SendCodeParams) String() string {
	return fmt.Sprintf("customers.SendCodeParams{MobilePhone: %s, Email: %s, Timeout: %d, Lang: %s, Scene: %d, CustomerID: %s}",
		hide(p.MobilePhone), hide(p.Email), p.Timeout, p.Lang, p.Scene, p.CustomerID)
}

// GoString is String.
func (p SendCodeParams) GoString() string { return p.String() }

// Format prints String for every verb.
func (p SendCodeParams) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue logs p without the phone number and email.
func (p SendCodeParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Validate checks p for any site and returns a *core.ValidationError, or
// nil. The service also applies the rules of the site it calls.
func (p *SendCodeParams) Validate() error {
	v := core.ValidatorFor(p)
	p.check(&v, core.SiteCustom)
	return v.Err()
}

// byEmail reports which body p takes on site.
func (p *SendCodeParams) byEmail(site core.Site) bool {
	switch site {
	case core.SiteChina:
		return false
	case core.SiteInternational, core.SiteEU:
		return true
	}
	return p.Email != "" && p.MobilePhone == ""
}

func (p *SendCodeParams) check(v *core.Validator, site core.Site) {
	email := p.byEmail(site)
	if site == core.SiteCustom && p.MobilePhone != "" && p.Email != "" {
		v.Add("mobile_phone", "and email must not both be set")
	}
	if email {
		v.Required("email", p.Email, maxEmailLen)
		if p.Email != "" && !strings.Contains(p.Email, "@") {
			v.Add("email", "must be a complete email address")
		}
		if p.MobilePhone != "" {
			v.Addf("mobile_phone", "does not exist on the %s site: codes go by email there", site)
		}
		if p.Scene != 0 {
			v.Add("scene", "exists on the china site only: international codes are for registration")
		}
		if p.CustomerID != "" {
			v.Add("customer_id", "exists on the china site only")
		}
	} else {
		v.Required("mobile_phone", p.MobilePhone, maxMobileLen)
		if p.MobilePhone != "" && !isChineseMobile(p.MobilePhone) {
			v.Add("mobile_phone", "must be a Chinese mobile number without country code (13XXXXXXXXX)")
		}
		if p.Email != "" && site == core.SiteChina {
			v.Add("email", "does not exist on the china site: codes go by SMS there")
		}
		switch p.Scene {
		case 0, SceneRegistration:
			v.Check(p.CustomerID == "", "customer_id", "is only sent with scene 18 (bank card)")
		case SceneBankCard:
			v.Required("customer_id", p.CustomerID, maxIDLen)
		default:
			v.Add("scene", "must be 29 (registration) or 18 (bank-card real-name authentication)")
		}
	}
	if p.Timeout != 0 {
		v.Range("timeout", p.Timeout, 1, 3000)
	}
	if p.Lang != "" {
		v.MaxLen("lang", p.Lang, maxLangLen)
		v.Check(p.Lang == LangChinese || p.Lang == LangEnglish, "lang", "must be zh-cn or en-us")
	}
}

type sendCodeWire struct {
	src  *SendCodeParams
	site core.Site

	ReceiverType int    `json:"receiver_type"`
	Timeout      int    `json:"timeout,omitempty"`
	MobilePhone  string `json:"mobile_phone,omitempty"`
	Email        string `json:"email,omitempty"`
	Lang         string `json:"lang,omitempty"`
	Scene        int    `json:"scene,omitempty"`
	CustomerID   string `json:"customer_id,omitempty"`
}

func (w *sendCodeWire) Validate() error {
	v := core.ValidatorFor(w.src)
	w.src.check(&v, w.site)
	return v.Err()
}

func (w sendCodeWire) Format(f fmt.State, _ rune) { fmt.Fprint(f, w.src.String()) }

// SendCodeResult is the answer to SendVerificationCode (HTTP 204, no body).
type SendCodeResult struct {
	core.ResponseMeta
}

// SendVerificationCode asks Huawei to send a verification code to the
// customer's phone (China site) or email (international sites): for Create
// with a mobile number or email (SceneRegistration), or for an individual's
// bank-card real-name authentication (SceneBankCard, with CustomerID). The
// API answers HTTP 204 with no body.
//
// A number may receive 15 codes an hour and 60 a day; above that the error
// matches ErrSMSLimit (CBC.99004015), a business limit rather than flow
// control. A send cannot be undone and counts against that limit, so it is
// not resent once it may have reached the server: an unknown outcome
// matches core.ErrOutcomeUnknown; wait for the code before sending another.
//
// API: POST /v2/bases/verificationcode/send (SendVerificationMessageCode),
// https://support.huaweicloud.com/api-bpconsole/mc_00024.html.
// Retried only when the request provably never left.
func (s *Service) SendVerificationCode(ctx context.Context, p *SendCodeParams) (*SendCodeResult, error) {
	if p == nil {
		p = &SendCodeParams{}
	}
	site := s.site()
	w := &sendCodeWire{src: p, site: site, Timeout: p.Timeout, Lang: p.Lang}
	if p.byEmail(site) {
		w.ReceiverType, w.Email = receiverEmail, p.Email
	} else {
		w.ReceiverType, w.MobilePhone, w.Scene = receiverSMS, p.MobilePhone, int(p.Scene)
		if p.Scene == SceneBankCard {
			w.CustomerID = p.CustomerID
		}
	}
	meta, err := s.r.Do(ctx, &opSendCode, w, nil)
	if err != nil {
		return nil, classify(err, p.MobilePhone, p.Email)
	}
	return &SendCodeResult{ResponseMeta: meta}, nil
}
