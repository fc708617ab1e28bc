package transport

import (
	"errors"
	"net/http"
	"strings"

	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/core"
)

var _ core.Redactor = (*Client)(nil)

// Redact removes from text the credentials a server may have echoed
// (core.RedactMessage) and the client's own secrets, in any form, when its
// credentials know them (auth.Redactor).
func (c *Client) Redact(text string) string {
	text = core.RedactMessage(text)
	if r, ok := c.creds.(auth.Redactor); ok {
		text = r.Redact(text)
	}
	return text
}

// redactErr cleans what an error of Do carries from the server. sent is the
// request of the last attempt, when there was an answer: its token,
// security token and signature are removed too, whatever the credentials.
func (c *Client) redactErr(err error, sent *http.Request) error {
	if err == nil {
		return nil
	}
	var own []string
	if sent != nil {
		own = append(own, sent.Header.Get(auth.HeaderAuthToken), sent.Header.Get(auth.HeaderSecurityToken))
		if _, sig, ok := strings.Cut(sent.Header.Get(auth.HeaderAuthorization), "Signature="); ok {
			own = append(own, sig)
		}
	}
	clean := func(s string) string { return auth.RedactSecrets(c.Redact(s), own...) }
	var apiErr *core.Error
	if errors.As(err, &apiErr) {
		apiErr.Message = clean(apiErr.Message)
		if apiErr.Body != nil {
			apiErr.Body = []byte(clean(string(apiErr.Body)))
		}
	}
	var opErr *core.OperationError
	if errors.As(err, &opErr) && opErr.Err != nil {
		if msg := opErr.Err.Error(); clean(msg) != msg {
			opErr.Err = &redactedError{msg: clean(msg), err: opErr.Err}
		}
	}
	return err
}

// redactedError shows a cleaned text and keeps the cause for errors.Is.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
