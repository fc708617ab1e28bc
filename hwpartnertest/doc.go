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
//   - faults per operation (InjectFault): an error code and status, latency,
//     a connection dropped before the request is read, after it is read, or
//     after it was carried out but before the answer;
//   - a record of every request that reached it (Requests);
//   - deterministic request ids and object ids, and a settable clock.
//
// What it does not model: flow control (inject CBC.0250 instead), request
// size limits beyond 12 MB, operator (sub-user) permission items, the
// X-Language header, and any operation the SDK does not wrap.
package hwpartnertest
