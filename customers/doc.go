// Package customers finds, checks, registers and funds a partner's
// customers and its resellers' customers, and reads the partner's account
// ledger. On the international sites it sets resale customers' budgets and
// freezes their accounts.
//
// Use it through hwpartner.Client.Customers, or build a Service on any
// core.Requester.
//
//	for c, err := range cl.Customers.ListIter(ctx, nil) { ... }
//	res, err := cl.Customers.Transfer(ctx, &customers.TransferParams{
//		CustomerID: id, Amount: hwpartner.AmountFromYuan(100)})
//
// # Customer ids
//
// A customer id (customer_id) is the customer's account id: List returns it,
// Create returns it as CustomerID (domain_id), and the fund, real-name and
// budget calls take it. Without a reseller id every call works on the
// caller's own customers; with one (ResellerID, indirect_partner_id) a
// distributor works on that reseller's customers.
//
// # Sites
//
// Balances, Transfer, Reclaim, Resolve and AccountChanges exist on the
// China site only; the budget and freeze calls on the international and
// European sites only. The client refuses an operation on a site that does
// not have it before sending anything.
//
// # Money and creation
//
// Transfer and Reclaim move money; Create makes an account; a verification
// code cannot be unsent. None has an idempotency key, so the SDK never
// sends them twice once they may have reached the server. For money the
// error is then an *OutcomeUnknownError, which Resolve settles from the
// adjust records; for Create a *CreateUnknownError, which FindCreated
// settles from the customer list.
//
// Only partner-funded customers (代售) can be funded: Transfer and Reclaim
// look the customer up first and refuse a referral customer (顾问销售)
// with a *NotFundableError, sending nothing.
//
// # Personal data
//
// Real names, phone numbers, emails, verification codes and passwords
// never appear in this package's printed values, logs or errors: the
// types that hold them redact themselves, and server messages that echo
// them are scrubbed.
package customers
