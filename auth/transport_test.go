package auth_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/auth"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestTransportSignsEachAttemptAfresh(t *testing.T) {
	t.Parallel()
	creds, err := auth.NewAKSK("AK", secretKey)
	require.NoError(t, err)
	clk := newClock(time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC))
	var seen []*http.Request
	var bodies []string
	tr := &auth.Transport{
		Credentials: creds,
		Now:         clk.now,
		Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			b, _ := io.ReadAll(r.Body)
			bodies = append(bodies, string(b))
			_, verr := auth.Verify(r, b, secrets, clk.now(), auth.MaxClockSkew)
			if verr != nil {
				return nil, verr
			}
			seen = append(seen, r)
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
		}),
	}
	body := []byte(`{"amount":"1.00"}`)
	orig, err := http.NewRequest(http.MethodPost, "https://bss.myhuaweicloud.com/v2/x", bytes.NewReader(body))
	require.NoError(t, err)
	_, err = tr.RoundTrip(orig)
	require.NoError(t, err)

	clk.add(2 * time.Second)
	again, _ := http.NewRequest(http.MethodPost, "https://bss.myhuaweicloud.com/v2/x", bytes.NewReader(body))
	_, err = tr.RoundTrip(again)
	require.NoError(t, err)

	require.Len(t, seen, 2)
	assert.Equal(t, "20240315T080000Z", seen[0].Header.Get("X-Sdk-Date"))
	assert.Equal(t, "20240315T080002Z", seen[1].Header.Get("X-Sdk-Date"))
	assert.NotEqual(t, seen[0].Header.Get("Authorization"), seen[1].Header.Get("Authorization"))
	assert.Equal(t, []string{string(body), string(body)}, bodies)
	assert.Empty(t, orig.Header.Get("Authorization"), "the caller's request is not modified")

	tr.SetClockOffset(10 * time.Minute)
	assert.Equal(t, 10*time.Minute, tr.ClockOffset())
	assert.Equal(t, clk.now().Add(10*time.Minute), tr.SigningTime())
}

func TestTransportReportsCredentialFailuresAsNotSent(t *testing.T) {
	t.Parallel()
	sent := false
	tr := &auth.Transport{
		Credentials: failingCreds{},
		Base: roundTripFunc(func(*http.Request) (*http.Response, error) {
			sent = true
			return nil, errors.New("unreachable")
		}),
	}
	req, _ := http.NewRequest(http.MethodGet, "https://bss.myhuaweicloud.com/v2/x", nil)
	_, err := tr.RoundTrip(req)
	var ce *auth.NotSentError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "hwpartner/auth: request not sent: no token", err.Error())
	assert.ErrorIs(t, err, errNoToken)
	assert.False(t, sent)

	_, err = (&auth.Transport{}).RoundTrip(req)
	assert.Error(t, err)
}

var errNoToken = errors.New("no token")

type failingCreds struct{}

func (failingCreds) Authorize(context.Context, *http.Request, []byte, time.Time) error {
	return errNoToken
}
