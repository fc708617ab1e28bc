package core

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Operation describes one Partner Center API operation.
type Operation struct {
	// Service is the SDK package that owns the operation, e.g. "funds".
	Service string
	// Name is Huawei's operation name, e.g. "UpdateIndirectPartnerAccount".
	Name string
	// Method and Path are the HTTP method and the documented path.
	Method string
	Path   string
	// MovesMoney marks a call that moves money or voucher value. It is
	// never repeated once the request may have reached the server.
	MovesMoney bool
	// Check tells the caller how to find out whether a money-moving call
	// took effect when its outcome is unknown (e.g. which records to read).
	Check string
	// Answer lists the top-level JSON fields every successful answer of
	// the operation carries (a list's count, a money move's transaction
	// id). A 2xx answer without one of them is malformed: a proxy or
	// gateway lost the body. Leave out fields a real empty result omits.
	Answer []string
	// Sites lists the sites the operation exists on; nil means all. The
	// client refuses it on other sites before any I/O; a custom endpoint
	// allows every operation.
	Sites []Site
}

// OnSite reports whether op exists on site s. SiteCustom allows all.
func (op *Operation) OnSite(s Site) bool {
	if s == SiteCustom || op.Sites == nil {
		return true
	}
	for _, x := range op.Sites {
		if x == s {
			return true
		}
	}
	return false
}

// Requester performs API calls. The SDK's transport implements it; domain
// services take one in NewService, so tests can substitute their own.
//
// Do validates params (when they implement Validate() error), encodes them
// as the query string for GET and DELETE or as the JSON body otherwise,
// sends the request with authentication and the retry policy of op, and
// decodes a successful JSON answer into result (which may be nil).
type Requester interface {
	Do(ctx context.Context, op *Operation, params, result any) (ResponseMeta, error)
}

// ResponseMeta describes the HTTP exchange behind a result.
type ResponseMeta struct {
	// StatusCode is the HTTP status of the final attempt.
	StatusCode int `json:"-"`
	// RequestID is the gateway's X-Request-Id; quote it to Huawei support.
	RequestID string `json:"-"`
	// Attempts is how many times the request was sent.
	Attempts int `json:"-"`
	// Header holds the response headers of the final attempt.
	Header http.Header `json:"-"`
}

// Site is a Partner Center site. Not every operation exists on every site.
type Site int

// Sites. SiteCustom is any endpoint given explicitly (a fake server, a proxy).
const (
	SiteCustom Site = iota
	SiteChina
	SiteInternational
	SiteEU
)

// String returns the site's name.
func (s Site) String() string {
	switch s {
	case SiteChina:
		return "china"
	case SiteInternational:
		return "international"
	case SiteEU:
		return "eu"
	case SiteCustom:
		return "custom"
	}
	return "unknown"
}

// SiteReporter is implemented by Requesters that know which site they call.
// Services use it to refuse operations a site does not offer.
type SiteReporter interface {
	Site() Site
}

// Clock is implemented by Requesters that keep time with the server: after
// the gateway reports our clock as off, Now returns the corrected time.
// Services compare it with times the server records.
type Clock interface {
	Now() time.Time
}

// Ptr returns a pointer to v, for optional fields.
func Ptr[T any](v T) *T { return &v }

// SiteError refuses, before any I/O, an operation the client's site does
// not offer. It matches ErrNotFound (the API does not exist there) and
// ErrNotSent.
type SiteError struct {
	Service, Operation string
	Site               Site
	// Sites are those the operation exists on.
	Sites []Site
}

func (e *SiteError) Error() string {
	if e == nil {
		return "hwpartner: operation not offered on this site"
	}
	names := make([]string, len(e.Sites))
	for i, s := range e.Sites {
		names[i] = s.String()
	}
	var b strings.Builder
	b.WriteString("hwpartner: ")
	writeOp(&b, e.Service, e.Operation)
	fmt.Fprintf(&b, "not offered on the %s site (only on: %s); nothing was sent", e.Site, strings.Join(names, ", "))
	return b.String()
}

// Is matches ErrNotFound and ErrNotSent.
func (e *SiteError) Is(target error) bool { return target == ErrNotFound || target == ErrNotSent }
