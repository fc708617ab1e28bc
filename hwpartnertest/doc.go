// Package hwpartnertest is an in-memory fake of the Huawei Cloud Partner
// Center (BSS) API, for unit tests of programs that use go-hwpartner and for
// the SDK's own tests and examples. It speaks the real wire format, so any
// HTTP client can use it; cmd/hwpartner-fake serves it as a process.
//
//	srv := hwpartnertest.NewServer(t)
//	c, _ := hwpartner.NewClient(
//		hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
//		hwpartner.WithEndpoint(srv.URL))
//
// What it models:
//   - the API gateway: SDK-HMAC-SHA256 signatures are verified by
//     re-signing (auth.Verify), X-Sdk-Date more than 15 minutes from the
//     server clock is refused as expired with the server time in the
//     message, X-Auth-Token tokens are checked, and every failure is a 401
//     APIGW.0301; an access key is locked for five minutes after five
//     consecutive failures; unknown routes are 404 APIGW.0101;
//   - IAM's POST /v3/auth/tokens (password method, domain scope), with the
//     token in X-Subject-Token and an expiry;
//   - account kinds: distributor, solution provider, reseller and
//     non-partner credentials, refused by operations they may not call;
//   - resellers and funds (§2, §3): resellers bound to one distributor
//     (SeedReseller; another distributor's, or an unknown id, is
//     CBC.99000037), one cash balance per reseller and partner in exact
//     cents (SetBalance, Balance, TotalBalance), transfers and reclaims that
//     move money atomically or fail with CBC.99005003, adjust records with
//     trans_id equal to the transfer_id or trans_id answered;
//   - voucher quotas (§4): distributor quotas (SeedQuota, FreezeQuota,
//     ExpireQuota, SpendQuota), issue that deducts from the parent and
//     creates one child quota per reseller, reclaim that returns the child's
//     balance and marks it reclaimed (status 6), per-item failures inside
//     error_details with HTTP 200, and issue/reclaim records; see the
//     comment in vouchers.go for the assumptions where the API is silent;
//   - incentive discount policies (§6.1), seeded with SeedDiscountPolicies;
//   - faults per operation (InjectFault): an error code and status, latency,
//     a connection dropped before the request is read, after it is read, or
//     after it was carried out but before the answer;
//   - customer real-name authentication (§5): a per-partner switch and
//     bucket (ConfigureRealName; off or a bucket the partner does not own
//     answers CBC.99005030), customers (SeedRealNameCustomer), submissions
//     that check every referenced file exists under download/ in that
//     bucket with an allowed format (extension and magic bytes, else
//     CBC.99000100) and at most 10 MB (else CBC.99000099), a review state
//     machine a test drives (ApproveRealName, RejectRealName, or
//     RealNameConfig.AutoApproveAfter on the server clock); certificate
//     and enterprise applications answer is_review 1, bank-card ones are
//     approved at once with is_review 0;
//   - customers (§10): customers of a partner or of one of its resellers
//     (SeedCustomer), with association type, balances and debts, listed
//     with every filter of ListSubCustomers once associated; CreateSubCustomer
//     with the documented checks and codes, a configurable association
//     delay, and CBC.99000050 carrying the new id; verification codes that
//     are generated, readable (VerificationCode, SentCodes), expire, are
//     used up, and are limited per number (CBC.99004015); customer fund
//     moves that keep the books conserved and write adjust records and
//     ledger entries (AccountChanges); budgets and freezing of resale
//     customers; the switches where the API is silent (CustomerRules:
//     international bodies, distributors' own customers, real-name for
//     resellers' customers, and more). Real-name submissions check that
//     the customer is the caller's (CBC.99000035) and that a bank-card
//     code is the live one sent for that customer and phone;
//   - an OBS endpoint (OBSEndpoint, path-style) taking PUT Object with a
//     signature V2 ("AWS" or "OBS" scheme) that is verified, a Date within
//     15 minutes, and keys of the account owning the bucket; an upload
//     whose body does not arrive whole stores nothing; faults (an error
//     answer, or DropAfterRead) apply under OBSOperation;
//   - a record of every request that reached it (Requests; OBS requests
//     without their bodies);
//   - deterministic request ids and object ids, and a settable clock.
//
// Bad input is refused with CBC.0100 naming the field, and so are unknown
// JSON fields and query parameters, so a client's wrong tag shows at once.
// SeedDemo adds deterministic demo data (DemoReseller1..3,
// DemoForeignResellerID, DemoVoucherQuotaID, policies, a real-name bucket,
// and customers of each association type: DemoCustomerID and the other
// Demo…CustomerID constants).
//
// What it does not model: flow control (inject CBC.0250 instead), request
// size limits beyond 12 MB, operator (sub-user) permission items, the
// X-Language header, and any operation the SDK does not wrap. For funds:
// account types other than cash, earmarked (designated) amounts in
// transfers to resellers, and fuzzy reseller account-name search. For
// customers: the CheckUserIdentity 5/s quota (see flow control above),
// spending against budgets (used_amount stays 0), and delivering codes.
// Where the API leaves a code open the fake chooses one: CBC.99007004 for
// funding a customer that is not partner-funded, CBC.99007202 for a wrong
// bank-card code, CBC.99007004 for an unfreeze of the wrong type. For
// real-name authentication: the bank-card checks beyond the code (inject
// CBC.99007255 and friends), Huawei's file-order check (it
// cannot see what an image shows; only the number of files is checked),
// OBS operations other than PUT Object, signature V4 and virtual-host-style
// bucket addressing.
package hwpartnertest
