// Package hwpartner is a Go SDK for the Huawei Cloud Partner Center (BSS)
// APIs used by distributors (总经销商) to manage their resellers (云经销商):
// list them, move money into and out of their accounts, issue and reclaim
// voucher quotas, submit customers' real-name authentication and read
// incentive policies.
//
// # Client
//
//	c, err := hwpartner.NewClient(
//		hwpartner.WithAKSK(ak, sk),        // or WithToken, WithPassword; default: HUAWEICLOUD_SDK_* variables
//		hwpartner.WithDomainID(accountID), // sent as X-Domain-Id with access keys
//	)
//
// The client is immutable and safe for concurrent use. Every call takes a
// context.Context, which bounds the call including its retries.
//
// # Requests are checked before they are sent
//
// Every request is validated on the client against the API's documented
// rules (required fields, lengths, ranges, enums, amounts > 0 with at most
// two decimals). A *ValidationError lists every bad field and nothing is
// sent.
//
// # Retries and money
//
// Queries are retried on network errors, flow control (429, CBC.0250) and
// 5xx answers, with jittered exponential backoff that honours Retry-After.
// Calls that move money or voucher value (fund transfer and reclaim, quota
// issue and reclaim) are retried only when the request provably never left
// this machine (connection refused, DNS failure). After a timeout, a reset
// connection or a 5xx answer the error says the outcome is unknown:
//
//	res, err := c.Funds.Transfer(ctx, params)
//	if hwpartner.IsOutcomeUnknown(err) {
//		// The transfer may have happened. Look it up before trying again.
//	}
//
// Authentication failures are never retried (the gateway locks an access
// key after five failures in a row), except once when the gateway reports
// that our clock is off: the client then signs with the gateway's time.
//
// # Errors
//
// API answers that are errors come back as *Error with the status, error
// code, message and request id, including errors Huawei sends with HTTP 200.
// Test them with errors.Is against ErrThrottled, ErrAuth, ErrPermission,
// ErrNotFound, ErrInsufficientBalance, ErrInvalidRequest and
// ErrOutcomeUnknown (or the Is* helpers), or with errors.As for the code.
// Failures without an answer are *OperationError and wrap their cause, so
// errors.Is(err, context.DeadlineExceeded) works. Secrets never appear in
// errors, logs or the printed form of any value.
//
// # Money
//
// Amounts are Amount, an exact decimal: never a float, sent as a JSON
// string with at most two decimals, decoded from strings and numbers
// without rounding. Compare them with Equal or Cmp: the compiler refuses
// ==, which would compare representations.
//
// # Testing programs that use the SDK
//
// Package hwpartnertest is an in-memory fake of the API to point a client
// at in unit tests (WithEndpoint(srv.URL)). To replace a service in your own
// code, declare the small interface you need; the service types satisfy it:
//
//	type transferrer interface {
//		Transfer(context.Context, *funds.TransferParams) (*funds.TransferResult, error)
//	}
//
// The SDK publishes no large per-service interfaces, which would break
// whenever a method is added. Lower seams: WithTransport for an
// http.RoundTripper, and each domain's NewService(core.Requester).
package hwpartner
