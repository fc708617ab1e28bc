// Package funds moves money between a distributor and its resellers and
// reads the balances and adjust records that show it.
//
// Use it through hwpartner.Client.Funds, or build a Service on any
// core.Requester.
//
//	res, err := c.Funds.Transfer(ctx, &funds.TransferParams{
//		ResellerID: id,
//		Amount:     hwpartner.AmountFromCents(9999), // 99.99 yuan
//	})
//
// # When the outcome is unknown
//
// Transfer and Reclaim move money and the API has no idempotency key, so
// the SDK never sends them twice once they may have reached the server
// (after a timeout, a dropped connection or a 5xx answer). The error then
// is an *OutcomeUnknownError. Resolve looks the move up in the adjust
// records:
//
//	var unknown *funds.OutcomeUnknownError
//	if errors.As(err, &unknown) {
//		out, err := c.Funds.Resolve(ctx, &unknown.Lookup)
//		// out.Resolution: Recorded, NotRecorded or Ambiguous
//	}
//
// A record carries no request id, so Resolve can only match what a record
// shows: the reseller, the operation, the amount and a time window around
// the call. See Resolve for what that can and cannot prove.
package funds
