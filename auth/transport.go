package auth

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"
)

// Transport is an http.RoundTripper that authorizes every request it sends
// with Credentials: each attempt is signed afresh, with a new X-Sdk-Date
// and the body hashed again. It never changes the caller's request, and a
// request without GetBody stays impossible to replay underneath: the HTTP/2
// transport resends a request it can rewind after a stream reset or GOAWAY,
// which for a money-moving call could carry it out twice.
//
// It learns the server's clock from the Date header of every answer,
// whatever the credentials, and signs with that clock.
type Transport struct {
	Credentials Credentials
	// Base sends the authorized request; http.DefaultTransport when nil.
	Base http.RoundTripper
	// Now is the clock; time.Now when nil.
	Now func() time.Time

	offset atomic.Int64 // correction added to Now, in nanoseconds
	known  atomic.Bool  // offset was learned from the server
}

// SetClockOffset makes the transport sign with Now()+d, to match a server
// whose clock differs from ours by d, and marks the offset as known.
func (t *Transport) SetClockOffset(d time.Duration) {
	t.offset.Store(int64(d))
	t.known.Store(true)
}

// ClockOffset returns the correction in use.
func (t *Transport) ClockOffset() time.Duration { return time.Duration(t.offset.Load()) }

// ClockKnown reports whether the offset came from the server (an answer's
// Date, or SetClockOffset).
func (t *Transport) ClockKnown() bool { return t.known.Load() }

// SigningTime is the time the next request will be signed with.
func (t *Transport) SigningTime() time.Time { return t.now().Add(t.ClockOffset()) }

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// dateJitter is how much a learned offset may move before it is replaced:
// a Date header has whole seconds, and the answer took part of a round trip.
const dateJitter = 2 * time.Second

// learnClock takes the server's clock from an answer's Date header: the
// server wrote it between sent and received, truncated to the second.
func (t *Transport) learnClock(resp *http.Response, sent, received time.Time) {
	v := resp.Header.Get("Date")
	if v == "" {
		return // ParseTime would build three errors to say so
	}
	date, err := http.ParseTime(v)
	if err != nil {
		return
	}
	mid := sent.Add(received.Sub(sent) / 2)
	off := date.Add(500 * time.Millisecond).Sub(mid).Round(time.Millisecond)
	if d := off - t.ClockOffset(); !t.ClockKnown() || d > dateJitter || d < -dateJitter {
		t.SetClockOffset(off)
	}
}

// RoundTrip authorizes a copy of req and sends it through Base.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Credentials == nil {
		closeBody(req)
		return nil, errors.New("hwpartner/auth: transport has no credentials")
	}
	// A base transport other than net/http's may not check the context.
	if err := req.Context().Err(); err != nil {
		closeBody(req)
		return nil, &NotSentError{Err: err}
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	r := req.Clone(req.Context())
	r.Body, r.GetBody, r.ContentLength = http.NoBody, nil, 0
	if len(body) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		if req.GetBody != nil {
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		}
	}
	if err := t.Credentials.Authorize(req.Context(), r, body, t.SigningTime()); err != nil {
		return nil, &NotSentError{Err: err}
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	sent := t.now()
	resp, err := base.RoundTrip(r)
	if resp != nil {
		t.learnClock(resp, sent, t.now())
	}
	return resp, err
}

// NotSentError is returned by Transport when it did not send a request:
// the credentials could not authorize it (a token could not be obtained,
// say) or its context had ended. Retrying it cannot duplicate anything.
type NotSentError struct{ Err error }

func (e *NotSentError) Error() string {
	if e.Err == nil {
		return "hwpartner/auth: request not sent"
	}
	return "hwpartner/auth: request not sent: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *NotSentError) Unwrap() error { return e.Err }

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// unwrapURLError drops *url.Error's "Post <url>:" prefix; callers say
// which operation failed themselves.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
