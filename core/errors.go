package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error classes. Test for them with errors.Is; *Error, *ValidationError and
// *OperationError match the classes that fit them. An *Error is classified by
// its error code first and by its HTTP status only when the code is not
// known, because the status of a CBC code is not fixed.
var (
	// ErrThrottled: flow control (APIGW.0308 and APIG.0308 from the
	// gateway, CBC.0250 from the service, HTTP 429). Queries are retried;
	// money-moving calls are not (the refusal also matches ErrNotSent).
	ErrThrottled = errors.New("throttled")
	// ErrAuth: the credentials were refused (APIGW.0301, CBC.0154, IAM 401).
	// Never retried: the gateway locks an AK after five failures in a row.
	ErrAuth = errors.New("authentication failed")
	// ErrPermission: the caller may not do this (CBC.0150/0151/0155/0156,
	// a reseller that is not the caller's, not a partner, sandbox account).
	ErrPermission = errors.New("permission denied")
	// ErrNotFound: no such API, customer or resource.
	ErrNotFound = errors.New("not found")
	// ErrInsufficientBalance: the paying account's balance is too low (CBC.99005003).
	ErrInsufficientBalance = errors.New("insufficient balance")
	// ErrInvalidRequest: a parameter was refused, locally (*ValidationError)
	// or by the server (CBC.0100, APIGW.0201).
	ErrInvalidRequest = errors.New("invalid request")
	// ErrOutcomeUnknown: a money-moving request may have reached the server
	// but no answer was read. Check the records before sending it again.
	ErrOutcomeUnknown = errors.New("outcome unknown")
	// ErrNotSent: the request provably never reached the service (no
	// connection, TLS refused, a gateway authentication or flow-control
	// refusal). Nothing was carried out; it is safe to send again.
	ErrNotSent = errors.New("not sent")
	// ErrMalformed: a success answer that cannot be what the operation
	// answers (empty, not a JSON object, truncated, missing a field it
	// always carries), or pages that contradict each other. Queries are
	// retried; a money-moving call's outcome is unknown.
	ErrMalformed = errors.New("malformed answer")
)

// Error is an error answered by the Partner Center API, its gateway or IAM.
type Error struct {
	// StatusCode is the HTTP status. A CBC code can arrive with HTTP 200.
	StatusCode int
	// Code is the error code: "CBC.99005003", "APIGW.0301", or IAM's code.
	Code string
	// Message is the server's error text, with any echoed credential removed.
	Message string
	// RequestID is the gateway's request id, for Huawei support.
	RequestID string
	// Service and Operation name the call, e.g. "funds" and
	// "UpdateIndirectPartnerAccount".
	Service   string
	Operation string
	// OutcomeUnknown is set when a money-moving call got a 5xx answer: the
	// server may have carried it out. Check names how to find out.
	OutcomeUnknown bool
	Check          string
	// Body is the start of the answer's body (at most MaxErrorBody bytes),
	// cleaned of echoed credentials like Message, for the few error
	// answers that carry data, such as the customer id of CBC.99000050.
	// It may hold what the request sent; Error never prints it.
	Body []byte
	// NotSent is set when the answer proves the service never received
	// the request, beyond what the code says (IAM refused the token the
	// request needed, say). See Refused.
	NotSent bool
}

// MaxErrorBody bounds Error.Body.
const MaxErrorBody = 4 << 10

// Error returns one line: operation, code, status, message and request id.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("hwpartner: ")
	writeOp(&b, e.Service, e.Operation)
	if e.Code != "" {
		b.WriteString(e.Code)
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "(HTTP %d)", e.StatusCode)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	writeTail(&b, e.RequestID, e.OutcomeUnknown, e.Check)
	if by := e.Refused(); by != "" {
		writeNotSent(&b, by)
	}
	return b.String()
}

// GoString is Error, so %#v prints neither the body nor more than the
// one line.
func (e *Error) GoString() string { return e.Error() }

// Refused names the layer whose refusal proves the request was not
// carried out, or is "" when the answer proves nothing of the kind:
//   - "gateway": the API gateway refused the credentials or throttled the
//     call (APIGW.0308, APIG.0308) before forwarding it: not executed;
//   - "service": the service's flow control refused it (CBC.0250): in all
//     likelihood before any processing;
//   - "iam": no token could be obtained, so nothing was sent.
func (e *Error) Refused() string {
	switch {
	case e == nil:
		return ""
	case e.NotSent:
		return "iam"
	case e.Code == "APIGW.0308" || e.Code == "APIG.0308":
		return "gateway"
	case e.Code == "CBC.0250":
		return "service"
	case e.StatusCode == http.StatusUnauthorized && (strings.HasPrefix(e.Code, "APIGW.") || strings.HasPrefix(e.Code, "APIG.")):
		return "gateway"
	}
	return ""
}

func writeNotSent(b *strings.Builder, by string) {
	switch by {
	case "service":
		b.WriteString("; not carried out: the service's flow control refused it before processing (inferred); safe to send again, a records check is cheap insurance for money")
	case "iam":
		b.WriteString("; not sent: no token could be obtained; safe to send again")
	case "gateway":
		b.WriteString("; not carried out: the API gateway refused it before the service saw it; safe to send again")
	default:
		b.WriteString("; not sent: the request never reached the service; safe to send again")
	}
}

func writeOp(b *strings.Builder, service, op string) {
	switch {
	case service != "" && op != "":
		b.WriteString(service + "." + op + ": ")
	case op != "":
		b.WriteString(op + ": ")
	}
}

// writeTail appends the request id and, when the outcome is unknown, what
// to do about it.
func writeTail(b *strings.Builder, requestID string, unknown bool, check string) {
	if requestID != "" {
		b.WriteString(" [request id ")
		b.WriteString(requestID)
		b.WriteString("]")
	}
	if !unknown {
		return
	}
	b.WriteString("; outcome unknown: the server may have carried out the request, so do not resend it before checking")
	if check != "" {
		b.WriteString(" (")
		b.WriteString(check)
		b.WriteString(")")
	}
}

// Is reports whether e belongs to the error class target.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrOutcomeUnknown:
		return e.OutcomeUnknown
	case ErrNotSent:
		return e.Refused() != ""
	case nil:
		return false
	}
	return e.class() == target
}

// codeClass maps documented codes to their class (api.md §1.5, signing.md §8).
var codeClass = map[string]error{
	"CBC.0250":     ErrThrottled,
	"APIGW.0308":   ErrThrottled,
	"APIG.0308":    ErrThrottled,
	"CBC.99007197": ErrThrottled,
	"CBC.0154":     ErrAuth,
	"APIGW.0301":   ErrAuth,
	"APIGW.0303":   ErrAuth,
	"CBC.0150":     ErrPermission,
	"CBC.0151":     ErrPermission,
	"CBC.0155":     ErrPermission,
	"CBC.0156":     ErrPermission,
	"CBC.5001":     ErrPermission,
	"CBC.99000035": ErrPermission,
	"CBC.99000037": ErrPermission,
	"CBC.99005035": ErrPermission,
	"APIGW.0101":   ErrNotFound,
	"CBC.5002":     ErrNotFound,
	"CBC.99005003": ErrInsufficientBalance,
	"CBC.0100":     ErrInvalidRequest,
	"APIGW.0201":   ErrInvalidRequest,
}

func (e *Error) class() error {
	if c, ok := codeClass[e.Code]; ok {
		return c
	}
	switch e.StatusCode {
	case http.StatusTooManyRequests:
		return ErrThrottled
	case http.StatusUnauthorized: // any APIG.* 401 and IAM's own 401
		return ErrAuth
	case http.StatusForbidden:
		return ErrPermission
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusBadRequest:
		return ErrInvalidRequest
	}
	return nil
}

// IsThrottled reports whether err is a flow-control refusal.
func IsThrottled(err error) bool { return errors.Is(err, ErrThrottled) }

// IsAuth reports whether err is an authentication failure.
func IsAuth(err error) bool { return errors.Is(err, ErrAuth) }

// IsPermission reports whether err is a permission refusal.
func IsPermission(err error) bool { return errors.Is(err, ErrPermission) }

// IsNotFound reports whether err says the API or resource does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsInsufficientBalance reports whether err is CBC.99005003.
func IsInsufficientBalance(err error) bool { return errors.Is(err, ErrInsufficientBalance) }

// IsOutcomeUnknown reports whether a money-moving call may or may not have
// taken effect. Look it up (records, balances) before trying again.
func IsOutcomeUnknown(err error) bool { return errors.Is(err, ErrOutcomeUnknown) }

// IsNotSent reports whether the request provably never reached the service,
// so sending it again cannot carry it out twice.
func IsNotSent(err error) bool { return errors.Is(err, ErrNotSent) }

// HasCode reports whether err is an *Error with the given code.
func HasCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// OperationError is a failure to get an answer: a network error, a timeout,
// a cancelled context, an unreadable response. It wraps the cause, so
// errors.Is(err, context.DeadlineExceeded) works.
type OperationError struct {
	Service   string
	Operation string
	// RequestID is set when a response was received but could not be used.
	RequestID string
	// Attempts is how many times the request was sent.
	Attempts int
	// OutcomeUnknown: a money-moving request may have been carried out.
	OutcomeUnknown bool
	Check          string
	// NotSent: the request provably never reached the service (no
	// connection could be made, TLS or a proxy refused it, credentials
	// could not be prepared, the context ended first). Safe to send again.
	NotSent bool
	Err     error
}

// Error describes the failed operation and its cause.
func (e *OperationError) Error() string {
	var b strings.Builder
	b.WriteString("hwpartner: ")
	writeOp(&b, e.Service, e.Operation)
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("request failed")
	}
	writeTail(&b, e.RequestID, e.OutcomeUnknown, e.Check)
	if e.NotSent && !e.OutcomeUnknown {
		writeNotSent(&b, "")
	}
	return b.String()
}

// Unwrap returns the cause, and ErrOutcomeUnknown or ErrNotSent when
// either applies.
func (e *OperationError) Unwrap() []error {
	errs := []error{e.Err}
	switch {
	case e.OutcomeUnknown:
		errs = append(errs, ErrOutcomeUnknown)
	case e.NotSent:
		errs = append(errs, ErrNotSent)
	}
	return errs
}

// ParseError decodes an error answer. It understands the BSS and API gateway
// shape {"error_code","error_msg","request_id"}, the alternative
// {"code","message"}, and IAM's {"error":{"code","message","title"}}. The
// request id comes from the X-Request-Id header, else from the body.
// Credentials a gateway may echo in its message are removed.
func ParseError(status int, header http.Header, body []byte) *Error {
	e := &Error{StatusCode: status, RequestID: header.Get("X-Request-Id")}
	if len(body) > 0 {
		e.Body = []byte(RedactMessage(string(body[:min(len(body), MaxErrorBody)])))
	}
	var w struct {
		ErrorCode string          `json:"error_code"`
		ErrorMsg  string          `json:"error_msg"`
		Code      json.RawMessage `json:"code"`
		Message   string          `json:"message"`
		RequestID string          `json:"request_id"`
		IAM       *struct {
			Code    json.RawMessage `json:"code"`
			Message string          `json:"message"`
			Title   string          `json:"title"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		// An HTML page from a proxy echoes headers as readily as JSON does.
		e.Message = snippet(RedactMessage(string(clipBody(body))))
		if e.Message == "" {
			e.Message = http.StatusText(status)
		}
		return e
	}
	switch {
	case w.ErrorCode != "" || w.ErrorMsg != "":
		e.Code, e.Message = w.ErrorCode, w.ErrorMsg
	case w.IAM != nil:
		e.Code, e.Message = rawCode(w.IAM.Code), w.IAM.Message
		if e.Message == "" {
			e.Message = w.IAM.Title
		}
	default:
		e.Code, e.Message = rawCode(w.Code), w.Message
	}
	if e.RequestID == "" {
		e.RequestID = w.RequestID
	}
	e.Message = RedactMessage(e.Message)
	return e
}

// rawCode accepts a code sent as a JSON string or number.
func rawCode(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
		return string(raw)
	}
	return ""
}

// clipBody bounds the redaction work on a large non-JSON body: only its
// first 200 characters are shown, and a secret that starts among them is
// still whole enough here to be recognised.
func clipBody(body []byte) []byte {
	const max = 1024
	if len(body) <= max {
		return body
	}
	body = body[:max]
	// Drop a character cut in two, at most its first three bytes.
	for i := 0; i < utf8.UTFMax-1 && !utf8.Valid(body); i++ {
		body = body[:len(body)-1]
	}
	return body
}

// snippet returns a short printable excerpt of a non-JSON body (an HTML page
// from a proxy, say).
func snippet(text string) string {
	const max = 200
	s := strings.TrimSpace(text)
	if len(s) > max {
		s = s[:max]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// UnknownOutcome is the error of a money call that may have reached the
// server without an answer saying what happened. It wraps the transport's
// error, so errors.Is(err, ErrOutcomeUnknown) holds and errors.As still
// finds the *Error or *OperationError; Lookup describes the call for its
// domain's Resolve.
type UnknownOutcome[L any] struct {
	Lookup L
	Err    error
}

// Error is the wrapped error's text, which says what to check.
func (e *UnknownOutcome[L]) Error() string {
	if e.Err == nil { // a value built by hand
		return "hwpartner: outcome unknown: the call may have been carried out; resolve it before sending again"
	}
	return e.Err.Error()
}

// Unwrap returns the transport's error, or ErrOutcomeUnknown without one.
func (e *UnknownOutcome[L]) Unwrap() error {
	if e.Err == nil {
		return ErrOutcomeUnknown
	}
	return e.Err
}
