package realname

import (
	"errors"
	"slices"
	"unicode/utf8"

	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/internal/fold"
)

// Kinds of refusal of the real-name operations. Test for them
// with errors.Is; an *Error matches its kind and, through the *core.Error
// it wraps, the SDK-wide classes (core.ErrInvalidRequest and friends).
var (
	// ErrUploadNotEnabled: CBC.99005030. Real-name attachment upload is off
	// in the Partner Center, or the bucket authorisation failed.
	ErrUploadNotEnabled = errors.New("real-name attachment upload not enabled or bucket not authorised")
	// ErrAttachmentRejected: CBC.99000099 (file too large) or CBC.99000100
	// (format not allowed), as judged by Huawei.
	ErrAttachmentRejected = errors.New("attachment rejected")
	// ErrAlreadySubmitted: CBC.99007188. The customer is already
	// authenticated or an application is under review.
	ErrAlreadySubmitted = errors.New("already authenticated or under review")
	// ErrVerificationFailed: CBC.99007202, CBC.99007219 (identity does not
	// match the face photo), CBC.99007255 (cardholder or phone number wrong).
	ErrVerificationFailed = errors.New("identity verification failed")
	// ErrVerificationCodeExpired: CBC.99000027.
	ErrVerificationCodeExpired = errors.New("verification code expired")
	// ErrCertificateRefused: CBC.99007189 (too many customers authenticated
	// with this certificate number) or CBC.99007193 (number blocked).
	ErrCertificateRefused = errors.New("certificate number refused")
	// ErrTooManyAttempts: CBC.99007191.
	ErrTooManyAttempts = errors.New("too many authentication attempts")
	// ErrBankCard: CBC.99007258 (card frozen or expired) or CBC.99007261
	// (card not supported).
	ErrBankCard = errors.New("bank card refused")
	// ErrBankUnavailable: CBC.99007260 or CBC.99007262, a failure between
	// UnionPay and the bank. Submissions are not retried automatically.
	ErrBankUnavailable = errors.New("bank verification unavailable")
	// ErrReviewUnavailable: CBC.70600026. Huawei cannot review this
	// submission; contact the account manager.
	ErrReviewUnavailable = errors.New("review unavailable, contact the account manager")
	// ErrPrecheckFailed: CBC.99007004, a business pre-check failed.
	ErrPrecheckFailed = errors.New("business pre-check failed")
)

// The general codes of the real-name operations (CBC.0100, CBC.0151, CBC.99000035, CBC.5002,
// CBC.0999) are classified by core.Error itself.
var kinds = map[string]error{
	"CBC.99005030": ErrUploadNotEnabled,
	"CBC.99000099": ErrAttachmentRejected,
	"CBC.99000100": ErrAttachmentRejected,
	"CBC.99007188": ErrAlreadySubmitted,
	"CBC.99007202": ErrVerificationFailed,
	"CBC.99007219": ErrVerificationFailed,
	"CBC.99007255": ErrVerificationFailed,
	"CBC.99000027": ErrVerificationCodeExpired,
	"CBC.99007189": ErrCertificateRefused,
	"CBC.99007193": ErrCertificateRefused,
	"CBC.99007191": ErrTooManyAttempts,
	"CBC.99007258": ErrBankCard,
	"CBC.99007261": ErrBankCard,
	"CBC.99007260": ErrBankUnavailable,
	"CBC.99007262": ErrBankUnavailable,
	"CBC.70600026": ErrReviewUnavailable,
	"CBC.99007004": ErrPrecheckFailed,
}

// EnableHint says where the switch behind CBC.99005030 is.
const EnableHint = `switch on "实名认证附件上传" (Upload Photos of Handheld ID Cards Required for Real-Name Authentication) ` +
	`in the Partner Center under Support > Open APIs > Configure (服务支持 > 能力开放 > 接入配置; international site: ` +
	`权益与支持 > 能力开放 > 接入配置), and check that Huawei is authorised to read the bucket holding the download/ directory`

// Error is a refusal of a real-name operation whose code has a kind of its
// own. It wraps the API's *core.Error, so errors.As(err, &*core.Error)
// still finds the code, status and request id.
type Error struct {
	// API is the answer: code, status, message, request id.
	API *core.Error
	// Kind is one of the Err* kinds of this package.
	Kind error
}

// Error is the API error's line, with where to enable the upload for
// CBC.99005030.
func (e *Error) Error() string {
	s := "hwpartner: realname: refused"
	switch {
	case e.API != nil:
		s = e.API.Error()
	case e.Kind != nil: // a value built by hand
		s += ": " + e.Kind.Error()
	}
	if e.Kind == ErrUploadNotEnabled {
		s += "; " + EnableHint
	}
	return s
}

// Unwrap returns the API error and the kind.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.API != nil { // a nil *core.Error in the list would be called
		errs = append(errs, e.API)
	}
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	return errs
}

// classify scrubs personal data the server may have echoed and gives
// documented codes their kind.
func classify(err error, personal []string) error {
	var api *core.Error
	if !errors.As(err, &api) {
		return err
	}
	api.Message = scrub(api.Message, personal)
	api.Body = nil // may echo what was sent
	if k, ok := kinds[api.Code]; ok {
		return &Error{API: api, Kind: k}
	}
	return err
}

// scrub removes every personal value we sent from a server message, in
// any letter case (a server may echo "e12345678" for "E12345678"); the
// server's wording is not ours to trust. Longer values go first, so that a
// value inside another does not leave the rest of it behind.
func scrub(msg string, personal []string) string {
	var values []string
	for _, p := range personal {
		if len(p) >= 2 {
			if !utf8.ValidString(p) {
				return "[REDACTED]" // not text: cannot be found reliably
			}
			values = append(values, p)
		}
	}
	if len(values) == 0 {
		return msg
	}
	slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
	return fold.ReplaceAll(msg, values, "[REDACTED]")
}
