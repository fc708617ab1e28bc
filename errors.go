package hwpartner

import "github.com/hwpartner/go-hwpartner/core"

// Shared types, re-exported from core so most programs import only this
// package and the domain packages they use.
type (
	// Error is an error answered by the API, its gateway or IAM.
	Error = core.Error
	// ValidationError lists every bad field of a request; nothing was sent.
	ValidationError = core.ValidationError
	// FieldError is one refused field of a ValidationError.
	FieldError = core.FieldError
	// OperationError is a failure to get an answer (network, timeout,
	// cancellation, unreadable response).
	OperationError = core.OperationError
	// Amount is an exact decimal amount of money in yuan.
	Amount = core.Amount
	// Time is a time decoded from an API answer.
	Time = core.Time
	// ListOptions selects a page by record offset and size.
	ListOptions = core.ListOptions
	// Page is one page of a list.
	Page[T any] = core.Page[T]
	// Operation describes one API operation, for Client.Do.
	Operation = core.Operation
	// ResponseMeta describes the HTTP exchange behind a result.
	ResponseMeta = core.ResponseMeta
	// Site is a Partner Center site.
	Site = core.Site
)

// Sites.
const (
	SiteChina         = core.SiteChina
	SiteInternational = core.SiteInternational
	SiteEU            = core.SiteEU
	SiteCustom        = core.SiteCustom
)

// Error classes, for errors.Is.
var (
	ErrThrottled           = core.ErrThrottled
	ErrAuth                = core.ErrAuth
	ErrPermission          = core.ErrPermission
	ErrNotFound            = core.ErrNotFound
	ErrInsufficientBalance = core.ErrInsufficientBalance
	ErrInvalidRequest      = core.ErrInvalidRequest
	ErrOutcomeUnknown      = core.ErrOutcomeUnknown
	ErrNotSent             = core.ErrNotSent
	ErrMalformed           = core.ErrMalformed
)

// IsThrottled reports whether err is a flow-control refusal (CBC.0250, 429).
func IsThrottled(err error) bool { return core.IsThrottled(err) }

// IsAuth reports whether err is an authentication failure.
func IsAuth(err error) bool { return core.IsAuth(err) }

// IsPermission reports whether err is a permission refusal.
func IsPermission(err error) bool { return core.IsPermission(err) }

// IsNotFound reports whether err says the API or resource does not exist.
func IsNotFound(err error) bool { return core.IsNotFound(err) }

// IsInsufficientBalance reports whether err is CBC.99005003.
func IsInsufficientBalance(err error) bool { return core.IsInsufficientBalance(err) }

// IsOutcomeUnknown reports whether a money-moving call may or may not have
// taken effect; check the records before sending it again.
func IsOutcomeUnknown(err error) bool { return core.IsOutcomeUnknown(err) }

// IsNotSent reports whether the request provably never reached the service:
// nothing was carried out and it is safe to send again.
func IsNotSent(err error) bool { return core.IsNotSent(err) }

// MaxAmountDigits is the most digits an Amount holds each side of the
// decimal point; ParseAmount and decoding refuse more.
const MaxAmountDigits = core.MaxAmountDigits

// ParseAmount parses a plain decimal amount such as "99.99".
func ParseAmount(s string) (Amount, error) { return core.ParseAmount(s) }

// AmountFromCents returns cents/100 yuan.
func AmountFromCents(cents int64) Amount { return core.AmountFromCents(cents) }

// AmountFromYuan returns a whole number of yuan.
func AmountFromYuan(yuan int64) Amount { return core.AmountFromYuan(yuan) }

// Ptr returns a pointer to v, for optional fields.
func Ptr[T any](v T) *T { return core.Ptr(v) }
