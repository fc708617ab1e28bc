// Package core holds the types shared by every go-hwpartner package: the
// operation descriptor and Requester interface that domain services call
// through, API and validation errors, the exact decimal Amount, wire time
// formats and offset/limit paging.
//
// It depends only on the standard library and the decimal library behind
// Amount, so domain packages and downstream fakes can import it cheaply.
// Most users reach these types through the re-exports in the root package
// hwpartner.
package core
