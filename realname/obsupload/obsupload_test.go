package obsupload_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
)

const bucketName = "attachments"

func newBucket(t *testing.T, srv *hwpartnertest.Server, mod func(*obsupload.Config)) *obsupload.Bucket {
	t.Helper()
	cfg := obsupload.Config{Bucket: bucketName, Endpoint: srv.OBSEndpoint(), AccessKey: srv.AccessKey(), SecretKey: srv.SecretKey()}
	if mod != nil {
		mod(&cfg)
	}
	b, err := obsupload.New(cfg)
	require.NoError(t, err)
	return b
}

func fakeWithBucket(t *testing.T) *hwpartnertest.Server {
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.CreateBucket(bucketName, ""))
	return srv
}

func object(key, body string, size int64) *realname.Object {
	return &realname.Object{Key: key, Body: strings.NewReader(body), Size: size, ContentType: "image/png"}
}

func TestPutObjectStoresWithOrWithoutKnownSize(t *testing.T) {
	t.Parallel()
	srv := fakeWithBucket(t)
	b := newBucket(t, srv, nil)
	require.NoError(t, b.PutObject(t.Context(), object("download/a.png", "known size", 10)))
	require.NoError(t, b.PutObject(t.Context(), &realname.Object{Key: "download/b.png", Body: io.MultiReader(strings.NewReader("streamed")), Size: -1}))
	got, ok := srv.Object(bucketName, "download/a.png")
	require.True(t, ok)
	assert.Equal(t, "known size", string(got))
	got, _ = srv.Object(bucketName, "download/b.png")
	assert.Equal(t, "streamed", string(got))

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/attachments/download/a.png", reqs[0].Path)
	assert.Equal(t, "PUT", reqs[0].Method)
	assert.Equal(t, "10", reqs[0].Header.Get("Content-Length"))
	assert.Equal(t, "image/png", reqs[0].Header.Get("Content-Type"))
	assert.Empty(t, reqs[1].Header.Get("Content-Length"), "unknown sizes are sent chunked")
	assert.Equal(t, srv.AccessKey(), reqs[1].AccessKey)
}

func TestPutObjectErrors(t *testing.T) {
	t.Parallel()
	srv := fakeWithBucket(t)
	require.NoError(t, srv.CreateBucket("not-ours", "another-account"))
	cases := map[string]struct {
		mod    func(*obsupload.Config)
		status int
		code   string
	}{
		"wrong secret key":      {func(c *obsupload.Config) { c.SecretKey = "wrong" }, 403, "SignatureDoesNotMatch"},
		"unknown access key":    {func(c *obsupload.Config) { c.AccessKey = "NOSUCHKEY" }, 403, "InvalidAccessKeyId"},
		"someone else's bucket": {func(c *obsupload.Config) { c.Bucket = "not-ours" }, 403, "AccessDenied"},
		"no such bucket":        {func(c *obsupload.Config) { c.Bucket = "missing" }, 404, "NoSuchBucket"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := newBucket(t, srv, tc.mod).PutObject(t.Context(), object("download/x.png", "x", 1))
			var oe *obsupload.Error
			require.ErrorAs(t, err, &oe)
			assert.Equal(t, tc.status, oe.StatusCode)
			assert.Equal(t, tc.code, oe.Code)
			assert.NotEmpty(t, oe.RequestID)
			assert.Contains(t, err.Error(), "check the bucket name")
			assert.NotContains(t, err.Error(), srv.SecretKey())
		})
	}
}

func TestDroppedConnectionStoresNothing(t *testing.T) {
	t.Parallel()
	srv := fakeWithBucket(t)
	srv.InjectFault(hwpartnertest.OBSOperation, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
	err := newBucket(t, srv, nil).PutObject(t.Context(), object("download/d.png", "d", 1))
	var oe *obsupload.Error
	require.ErrorAs(t, err, &oe)
	assert.Error(t, oe.Err, "no answer arrived")
	assert.Empty(t, srv.ObjectKeys(bucketName))
}

func TestTemporaryKeysSendTheirToken(t *testing.T) {
	t.Parallel()
	srv := fakeWithBucket(t)
	require.NoError(t, srv.AddCredential(hwpartnertest.Credential{AccessKey: "TMPAK", SecretKey: "tmp-sk", SecurityToken: "tmp-token",
		Account: hwpartnertest.Account{DomainID: srv.DomainID(), Kind: hwpartnertest.Distributor}}))
	b := newBucket(t, srv, func(c *obsupload.Config) { c.AccessKey, c.SecretKey, c.SecurityToken = "TMPAK", "tmp-sk", "tmp-token" })
	require.NoError(t, b.PutObject(t.Context(), object("download/t.png", "t", 1)))
	b = newBucket(t, srv, func(c *obsupload.Config) { c.AccessKey, c.SecretKey = "TMPAK", "tmp-sk" })
	var oe *obsupload.Error
	require.ErrorAs(t, b.PutObject(t.Context(), object("download/u.png", "u", 1)), &oe)
	assert.Equal(t, "InvalidToken", oe.Code)
}

// slowStream gives its first bytes, says so, then trickles bytes
// forever, like a slow disk or network source: only cancellation ends
// an upload of it.
type slowStream struct {
	first   []byte
	started chan struct{}
	once    sync.Once
}

func (s *slowStream) Read(p []byte) (int, error) {
	if len(s.first) > 0 {
		n := copy(p, s.first)
		s.first = s.first[n:]
		return n, nil
	}
	s.once.Do(func() { close(s.started) })
	time.Sleep(time.Millisecond)
	p[0] = 'x'
	return 1, nil
}

func TestCancellingOneUploadStopsThatUploadOnly(t *testing.T) {
	t.Parallel()
	srv := fakeWithBucket(t)
	b := newBucket(t, srv, nil)
	slow := &slowStream{first: bytes.Repeat([]byte("x"), 64<<10), started: make(chan struct{})}

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- b.PutObject(ctx, &realname.Object{Key: "download/slow.png", Body: slow, Size: -1}) }()
	<-slow.started

	// Another upload through the same Bucket, with its own context, is
	// unaffected while the first one hangs and after it is cancelled.
	require.NoError(t, b.PutObject(t.Context(), object("download/other.png", "other", 5)))
	cancel()
	err := <-done
	require.ErrorIs(t, err, context.Canceled)
	require.NoError(t, b.PutObject(t.Context(), object("download/after.png", "after", 5)))
	assert.Equal(t, []string{"download/after.png", "download/other.png"}, srv.ObjectKeys(bucketName))
}

func TestNewChecksTheConfiguration(t *testing.T) {
	t.Setenv("HUAWEICLOUD_SDK_AK", "")
	t.Setenv("HUAWEICLOUD_SDK_SK", "")
	_, err := obsupload.New(obsupload.Config{Endpoint: "obs.cn-north-4.myhuaweicloud.com"})
	require.Error(t, err)
	for _, want := range []string{"a bucket name", "an http(s) endpoint", "an access key and a secret key"} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = obsupload.New(obsupload.Config{Bucket: "b", Endpoint: "https://obs.cn-north-4.myhuaweicloud.com", AccessKey: "ak"})
	assert.ErrorContains(t, err, "secret key")
}

func TestKeysDefaultToTheClientsEnvironment(t *testing.T) {
	srv := fakeWithBucket(t)
	t.Setenv("HUAWEICLOUD_SDK_AK", srv.AccessKey())
	t.Setenv("HUAWEICLOUD_SDK_SK", srv.SecretKey())
	t.Setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "")
	b, err := obsupload.New(obsupload.Config{Bucket: bucketName, Endpoint: srv.OBSEndpoint()})
	require.NoError(t, err)
	require.NoError(t, b.PutObject(t.Context(), object("download/env.png", "e", 1)))
	assert.Equal(t, srv.AccessKey(), srv.Requests()[0].AccessKey)
}

func TestSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	cfg := obsupload.Config{Bucket: "b", Endpoint: "https://obs.example", AccessKey: "AKVISIBLE", SecretKey: "SKSECRET", SecurityToken: "TOKSECRET"}
	b, err := obsupload.New(cfg)
	require.NoError(t, err)
	var out bytes.Buffer
	for _, v := range []any{cfg, &cfg, b} {
		fmt.Fprintf(&out, "%v %+v %#v %s %s\n", v, v, v, v, v.(fmt.GoStringer).GoString())
		slog.New(slog.NewTextHandler(&out, nil)).Info("v", "v", v)
	}
	assert.Contains(t, out.String(), "AKVISIBLE")
	assert.NotContains(t, out.String(), "SKSECRET")
	assert.NotContains(t, out.String(), "TOKSECRET")
}

func TestCustomHTTPClientIsUsed(t *testing.T) {
	t.Parallel()
	srv := fakeWithBucket(t)
	var calls int
	var mu sync.Mutex
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	b := newBucket(t, srv, func(c *obsupload.Config) { c.HTTPClient = hc })
	require.NoError(t, b.PutObject(t.Context(), object("download/c.png", "c", 1)))
	assert.Equal(t, 1, calls)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// BenchmarkPutObject streams 9 MB of unknown size to a server that
// discards it: the client's allocations per upload stay small.
func BenchmarkPutObject(b *testing.B) {
	bk := discardingBucket(b)
	const size = 9 << 20
	chunk := make([]byte, 64<<10)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		body := io.LimitReader(repeat{chunk}, size)
		if err := bk.PutObject(b.Context(), &realname.Object{Key: "download/b.png", Body: body, Size: -1}); err != nil {
			b.Fatal(err)
		}
	}
}

// discardingBucket is a Bucket over a server that reads and drops every body.
func discardingBucket(b *testing.B) *obsupload.Bucket {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	b.Cleanup(ts.Close)
	bk, err := obsupload.New(obsupload.Config{Bucket: "bench", Endpoint: ts.URL, AccessKey: "ak", SecretKey: "sk"})
	if err != nil {
		b.Fatal(err)
	}
	return bk
}

type repeat struct{ b []byte }

func (r repeat) Read(p []byte) (int, error) { return copy(p, r.b), nil }

// BenchmarkUploadTooLarge streams 11 MB of unknown size through
// realname.Upload and the OBS SDK: it fails at the 10 MB limit with
// allocations per upload a tiny fraction of the file.
func BenchmarkUploadTooLarge(b *testing.B) {
	bk := discardingBucket(b)
	svc := realname.NewService(nil)
	chunk := make([]byte, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		body := io.MultiReader(strings.NewReader("\x89PNG\r\n\x1a\n"), io.LimitReader(repeat{chunk}, 11<<20))
		_, err := svc.Upload(b.Context(), bk, realname.File{Path: "bench/big.png", Body: body})
		if !errors.Is(err, realname.ErrFileTooLarge) {
			b.Fatalf("want ErrFileTooLarge, got %v", err)
		}
	}
}

func TestBucketNotMadeByNewFailsWithoutSending(t *testing.T) {
	t.Parallel()
	_, err := obsupload.New(obsupload.Config{Bucket: "b"})
	require.Error(t, err)
	for name, b := range map[string]*obsupload.Bucket{"nil from a failed New": nil, "zero": {}} {
		_, err := realname.NewService(nil).Upload(t.Context(), b, realname.File{Path: "a.png", Body: strings.NewReader("\x89PNG\r\n\x1a\n")})
		var ue *realname.UploadError
		require.ErrorAs(t, err, &ue, name)
		assert.ErrorContains(t, err, "not made by New", name)
		assert.Empty(t, ue.Uploaded, name)
	}
}

// OBS's error text is server text: whatever it echoes of the keys or of
// the request's credentials stays out of the error.
func TestErrorsNeverCarryEchoedCredentials(t *testing.T) {
	t.Parallel()
	const sk, tok = "SKleakOBS0123456789abcdef", "TOKleakOBS0123456789"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("X-Obs-Request-Id", "rid-1")
		w.WriteHeader(http.StatusForbidden)
		authz := r.Header.Get("Authorization")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code>`+
			`<Message>key %s, token %s, Authorization: %s</Message><RequestId>rid-1</RequestId></Error>`,
			sk, strings.ToLower(tok), authz)
	}))
	t.Cleanup(ts.Close)
	b, err := obsupload.New(obsupload.Config{Bucket: "b", Endpoint: ts.URL, AccessKey: "AKVISIBLE", SecretKey: sk, SecurityToken: tok, PathStyle: true})
	require.NoError(t, err)
	err = b.PutObject(t.Context(), object("download/x.png", "x", 1))
	var oe *obsupload.Error
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "SignatureDoesNotMatch", oe.Code)
	out := err.Error() + fmt.Sprintf("%+v", oe)
	assert.NotContains(t, out, sk)
	assert.NotContains(t, strings.ToLower(out), strings.ToLower(tok))
	assert.NotContains(t, out, "AKVISIBLE:", "the signature part of Authorization is gone")
	assert.Contains(t, out, "[REDACTED]")
}

func TestBucketPrintsRedactedWhenCopied(t *testing.T) {
	t.Parallel()
	b, err := obsupload.New(obsupload.Config{Bucket: "b", Endpoint: "https://obs.example", AccessKey: "AKVISIBLE", SecretKey: "SKSECRET", SecurityToken: "TOKSECRET"})
	require.NoError(t, err)
	type holder struct{ B obsupload.Bucket }
	var out bytes.Buffer
	for _, v := range []any{*b, holder{*b}, &holder{*b}} {
		fmt.Fprintf(&out, "%v %+v %#v %s\n", v, v, v, v)
		slog.New(slog.NewTextHandler(&out, nil)).Info("v", "v", v)
		slog.New(slog.NewJSONHandler(&out, nil)).Info("v", "v", v)
	}
	assert.Contains(t, out.String(), "AKVISIBLE")
	assert.NotContains(t, out.String(), "SKSECRET")
	assert.NotContains(t, out.String(), "TOKSECRET")
}

func TestZeroErrorDoesNotPanic(t *testing.T) {
	t.Parallel()
	assert.NotPanics(t, func() {
		err := error(&obsupload.Error{})
		assert.NotEmpty(t, err.Error())
		assert.False(t, errors.Is(err, context.Canceled))
	})
}
