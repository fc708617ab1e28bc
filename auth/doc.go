// Package auth authenticates Partner Center requests.
//
// Two modes exist (see Huawei's API signing guide):
//
//   - AK/SK: every request is signed with SDK-HMAC-SHA256 (Signer). The
//     credentials add X-Domain-Id (BSS is a global service) and, for
//     temporary keys, X-Security-Token before signing, so both are signed.
//   - IAM token: X-Auth-Token is attached, nothing is signed. A token may be
//     static (NewToken) or obtained and refreshed from IAM with a user name,
//     password and account name (NewPasswordTokenSource).
//
// Credentials from the environment use the names Huawei's own SDKs read:
// HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN and
// HUAWEICLOUD_SDK_DOMAIN_ID (FromEnv).
//
// Transport is the http.RoundTripper that authorizes each attempt afresh
// (new X-Sdk-Date, body hashed again). Verify checks a signature the way the
// API gateway does; the fake server in hwpartnertest uses it.
//
// No value in this package prints or logs a secret: the secret key,
// password, security token and IAM token are redacted from String, GoString,
// every fmt verb and slog output.
package auth
