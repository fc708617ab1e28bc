// Package hwpartnertest is an in-memory fake of the Huawei Cloud Partner
// Center (BSS) API, for unit tests of programs that use go-hwpartner and
// for the SDK's own tests and examples. It speaks the real wire format, so
// any HTTP client can use it; cmd/hwpartner-fake serves it as a process
// for programs in other languages.
//
// # A first test
//
//	srv := hwpartnertest.NewServer(t) // closed when the test ends
//	c, err := hwpartner.NewClient(hwpartner.WithConfig(srv.ClientConfig()))
//	_ = srv.SeedReseller(hwpartnertest.IndirectPartner{ID: "r1", Balance: hwpartnertest.Yuan(100)})
//	_ = srv.InjectFault(hwpartnertest.OpUpdateIndirectPartnerAccount,
//		hwpartnertest.Fault{After: 1, Times: 1, Drop: hwpartnertest.DropAfterProcessing})
//	// ... run the code under test, then check what the server holds:
//	// srv.Balance("r1"), srv.TotalBalance(), srv.AdjustRecords(), srv.Requests()
//
// ClientConfig carries the endpoint and the default distributor's keys
// (DefaultAccessKey, DefaultSecretKey, DefaultDomainID); WithCredential
// adds other accounts, ClientConfigFor gives their configuration.
//
// # The test kit fails loudly
//
//   - Operations are named by Op constants. InjectFault, RequestCount and
//     WithErrorInjection refuse a name the server does not serve and
//     suggest the closest one: the test of NewServer fails, InjectFault
//     returns the error, RequestCount answers -1.
//   - Money is Amount, whole cents: == compares exactly, Equal compares
//     with the SDK's amounts exactly. MustParseAmount(t, "99.99"), Yuan and
//     AmountFromCents build one.
//   - Requests keeps the newest DefaultRequestLog requests (WithRequestLog);
//     RequestCount counts every request since ResetRequests, evicted ones
//     too. ResetRequests is safe while requests are in flight.
//   - A fault that cannot apply (answers and drops, a negative count) is
//     refused like an unknown name.
//
// # Operations
//
//	Op constant                                 API                                                   seed and inspect
//	OpKeystoneCreateUserTokenByPassword         POST /v3/auth/tokens                                  WithIAMUser, TokensIssued
//	OpListIndirectPartners                      POST /v2/partners/indirect-partners/query             SeedReseller
//	OpListPartnerBalances                       GET  /v2/accounts/partner-accounts/balances           SetBalance, Balance, TotalBalance
//	OpUpdateIndirectPartnerAccount              POST .../partner-accounts/indirect-partner-adjust     AdjustRecords, SeedAdjustRecord
//	OpReclaimIndirectPartnerAccount             POST .../partner-accounts/indirect-partner-reclaim    AdjustRecords
//	OpListPartnerAdjustRecords                  GET  /v3/accounts/partner-accounts/adjust-records     SeedAdjustRecord
//	OpListQuotaCoupons                          POST /v2/partners/coupon-quotas/query                 SeedQuota, Quota, Quotas
//	OpUpdateCouponQuotas                        POST .../coupon-quotas/indirect-partner-adjust        VoucherRecords
//	OpReclaimCouponQuotas                       POST .../coupon-quotas/indirect-partner-reclaim       VoucherRecords
//	OpListIssuedCouponQuotas                    GET  /v2/partners/issued-coupon-quotas                Quotas
//	OpListCouponQuotasRecords                   GET  /v2/partners/coupon-quotas/records               VoucherRecords
//	OpListIncentiveDiscountPolicies             GET  /v2/products/incentive-discount-policies         SeedDiscountPolicies
//	OpCreatePersonalRealnameAuth                POST /v2/customers/realname-auths/individual          ConfigureRealName, SeedRealNameCustomer
//	OpCreateEnterpriseRealnameAuthentication    POST /v2/customers/realname-auths/enterprise          RealNameApplication
//	OpChangeEnterpriseRealnameAuthentication    PUT  /v2/customers/realname-auths/enterprise          ApproveRealName, RejectRealName
//	OpShowRealnameAuthenticationReviewResult    GET  /v2/customers/realname-auths/result              RealNameApplication
//	OpListSubCustomers                          POST /v2/partners/sub-customers/query                 SeedCustomer, CustomerIDs
//	OpCheckUserIdentity                         POST .../sub-customers/users/check-identity           ConfigureCustomers
//	OpSendVerificationMessageCode               POST /v2/bases/verificationcode/send                  VerificationCode, SentCodes
//	OpCreateSubCustomer                         POST /v2/partners/sub-customers                       CustomerIDs
//	OpListCustomersBalancesDetail               POST .../customer-accounts/balances/batch-query       CustomerBalance, SetDesignatedAmount
//	OpUpdateCustomerAccountAmount               POST .../partner-accounts/adjust-amount               AdjustRecords, AccountChanges
//	OpReclaimToPartnerAccount                   POST .../partner-accounts/reclaim                     AdjustRecords, AccountChanges
//	OpListPartnerAccountChangeRecords           GET  .../partner-accounts/account-change-records      AccountChanges
//	OpShowSubCustomerBudget                     GET  /v2/partners/sub-customers/budget                (international site)
//	OpUpdateSubCustomerBudget                   POST /v2/partners/sub-customers/budget
//	OpListSubCustomerBudget                     POST /v2/partners/sub-customers/budget/query
//	OpListSubCustomerBudgetRecords              GET  /v2/partners/sub-customers/budget/records
//	OpFreezeSubCustomers                        POST /v2/partners/sub-customers/freeze                CustomerFrozen
//	OpUnfreezeSubCustomers                      POST /v2/partners/sub-customers/unfreeze
//	OpPutObject                                 PUT  /{bucket}/{key} on OBSEndpoint                   CreateBucket, Object, ObjectKeys
//
// # Faults
//
//	Fault fields                    what happens                                          what the client sees
//	Status, Code (Message)          refused after authentication, nothing carried out      that error (Status 0 with a Code: 400)
//	RetryAfter                      sent as Retry-After with the error                     its retry wait
//	Drop: DropBeforeRead            connection reset before the request is read            a network error; nothing carried out
//	Drop: DropAfterRead             request read, not carried out, connection reset        a network error; nothing carried out
//	Drop: DropAfterProcessing       carried out (money moves), connection reset            a network error: outcome unknown
//	Latency                         the answer (or the drop) comes this much later         a slow answer, or its own timeout
//	After                           the first After calls pass untouched                   the fault hits call After+1
//	Times                           applies to that many calls, 0 for all                  -
//
// Faults on one operation apply in the order they were injected; each
// counts calls from its own injection. ClearFaults removes them all.
//
// # State, snapshots and reset
//
// Snapshot returns the whole state (accounts, resellers, balances, records,
// quotas, policies, real-name setup, buckets, the id counter) as JSON;
// Restore and WithState load one. MarkSeed remembers the current state and
// Reset returns to it, with no faults and no recorded requests, so tests
// can share one server.
//
// # The control API
//
// Under ControlPrefix (/_fake/) on the server's address, JSON in and out,
// for tests in any language: GET /_fake/ lists the endpoints. They seed and
// read resellers, customers, balances, records, quotas, policies and
// real-name state; read sent verification codes;
// approve and reject reviews; inject (with the same fields, Latency as
// text such as "250ms" and Drop as "before_read", "after_read" or
// "after_processing"), list and clear faults; read and count requests;
// read the books; set the clock; mark the seed, reset, and read or load
// the state. Without WithAdminToken it answers only loopback clients of a
// server on a loopback address; with it, every control request needs
// "Authorization: Bearer <token>". Control requests are not recorded.
//
// # What it models
//
//   - The API gateway: SDK-HMAC-SHA256 signatures are verified by
//     re-signing (auth.Verify), X-Sdk-Date more than 15 minutes from the
//     server clock is refused as expired with the server time in the
//     message, X-Auth-Token tokens are checked, a security token must
//     match temporary keys and is refused with permanent ones, a sent
//     X-Domain-Id must be the key's account (WithRequireDomainID makes it
//     required), and every failure is a 401 APIGW.0301; an access key is
//     locked for five minutes after five consecutive failures; unknown
//     routes are 404 APIGW.0101.
//   - IAM's POST /v3/auth/tokens (password method, domain scope), with the
//     token in X-Subject-Token and an expiry.
//   - Account kinds: distributor, solution provider, reseller and
//     non-partner credentials, refused by operations they may not call.
//   - Resellers and funds: resellers bound to one distributor (another
//     distributor's, or an unknown id, is CBC.99000037), one cash balance
//     per reseller and partner in exact cents, transfers and reclaims that
//     move money atomically or fail with CBC.99005003, adjust records with
//     trans_id equal to the transfer_id or trans_id answered.
//   - Voucher quotas: distributor quotas (SeedQuota, FreezeQuota,
//     ExpireQuota, SpendQuota), issue that deducts from the parent and
//     creates one child quota per reseller, reclaim that returns the
//     child's balance and marks it reclaimed (status 6), per-item failures
//     inside error_details with HTTP 200, and issue/reclaim records; see
//     the comment in vouchers.go for the assumptions where the API is
//     silent.
//   - Incentive discount policies, seeded with SeedDiscountPolicies.
//   - Customer real-name authentication: a per-partner switch and bucket
//     (ConfigureRealName; off or a bucket the partner does not own answers
//     CBC.99005030), customers (SeedRealNameCustomer), submissions that
//     check every referenced file exists under download/ in that bucket
//     with an allowed format (extension and magic bytes, else CBC.99000100)
//     and at most 10 MB (else CBC.99000099), a review state machine a test
//     drives (ApproveRealName, RejectRealName, or
//     RealNameConfig.AutoApproveAfter on the server clock); certificate and
//     enterprise applications answer is_review 1, bank-card ones are
//     approved at once with is_review 0. Real-name submissions check that
//     the customer is the caller's (CBC.99000035) and that a bank-card
//     code is the live one sent for that customer and phone.
//   - Customers of a partner or of one of its resellers (SeedCustomer),
//     with association type, balances and debts, listed with every filter
//     of ListSubCustomers once associated; CreateSubCustomer with the
//     documented checks and codes, a configurable association delay, and
//     CBC.99000050 carrying the new id; verification codes that are
//     generated, readable (VerificationCode, SentCodes), expire, are used
//     up, and are limited per number (CBC.99004015); customer fund moves
//     that keep the books conserved and write adjust records and ledger
//     entries (AccountChanges); budgets and freezing of resale customers;
//     the switches where the API is silent (CustomerRules: international
//     bodies, distributors' own customers, real-name for resellers'
//     customers, and more).
//   - An OBS endpoint (OBSEndpoint, path-style) taking PUT Object with a
//     signature V2 ("AWS" or "OBS" scheme) that is verified, a Date within
//     15 minutes, and keys of the account owning the bucket; an upload
//     whose body does not arrive whole stores nothing.
//   - Deterministic request ids and object ids, and a settable clock.
//
// Bad input is refused with CBC.0100 naming the field, and so are unknown
// JSON fields and query parameters, so a client's wrong tag shows at once.
// SeedDemo adds deterministic demo data (DemoReseller1..3,
// DemoForeignResellerID, DemoVoucherQuotaID, policies, a real-name bucket,
// and customers of each association type: DemoCustomerID and the other
// Demo…CustomerID constants).
//
// # What it does not model
//
// Flow control (inject CBC.0250 instead), request size limits beyond 12
// MB, operator (sub-user) permission items, the X-Language header, and any
// operation the SDK does not wrap. For funds: account types other than
// cash, earmarked (designated) amounts in transfers to resellers, and
// fuzzy reseller account-name search. For customers: the CheckUserIdentity
// 5/s quota (see flow control above), spending against budgets
// (used_amount stays 0), and delivering codes. Where the API leaves a code
// open the fake chooses one: CBC.99007004 for funding a customer that is
// not partner-funded, CBC.99007202 for a wrong bank-card code,
// CBC.99007004 for an unfreeze of the wrong type. For real-name
// authentication: the bank-card checks beyond the code (inject
// CBC.99007255 and friends), Huawei's file-order check (it cannot see what
// an image shows; only the number of files is checked), OBS operations
// other than PUT Object, signature V4 and virtual-host-style bucket
// addressing.
package hwpartnertest
