package realname_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
)

const (
	testBucket   = "rn-bucket"
	testXAccount = "platform_x"
	testCustomer = "cust-0001"
)

type env struct {
	srv    *hwpartnertest.Server
	c      *hwpartner.Client
	bucket *obsupload.Bucket
}

// setup starts a fake with the real-name switch on, a bucket and one
// customer, and a client without retry waits.
func setup(t *testing.T, opts ...hwpartner.Option) *env {
	t.Helper()
	srv := hwpartnertest.NewServer(t)
	require.NoError(t, srv.CreateBucket(testBucket, ""))
	srv.ConfigureRealName(hwpartnertest.RealNameConfig{Enabled: true, Bucket: testBucket, XAccountType: testXAccount})
	srv.SeedRealNameCustomer(testCustomer, "")
	c, err := hwpartner.NewClient(append([]hwpartner.Option{
		hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()),
		hwpartner.WithEndpoint(srv.URL),
		hwpartner.WithRetry(0, 0, 0),
		hwpartner.WithoutRateLimits(),
	}, opts...)...)
	require.NoError(t, err)
	b, err := obsupload.New(obsupload.Config{Bucket: testBucket, Endpoint: srv.OBSEndpoint(),
		AccessKey: srv.AccessKey(), SecretKey: srv.SecretKey()})
	require.NoError(t, err)
	return &env{srv: srv, c: c, bucket: b}
}

// pngImage is a small valid PNG.
func pngImage(t testing.TB, shade uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	img.Set(0, 0, color.Gray{Y: 255 - shade})
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

func passportFiles(t testing.TB, dir string) []realname.File {
	return []realname.File{
		{Role: realname.RoleDataPage, Path: dir + "/data.png", Body: bytes.NewReader(pngImage(t, 10))},
		{Role: realname.RoleEntryStampPage, Path: dir + "/stamp.png", Body: bytes.NewReader(pngImage(t, 20))},
		{Role: realname.RoleHandheldDataPage, Path: dir + "/handheld.png", Body: bytes.NewReader(pngImage(t, 30))},
	}
}

func passportParams() *realname.IndividualParams {
	return &realname.IndividualParams{
		CustomerID:   testCustomer,
		Certificate:  realname.Passport,
		Name:         "Zhang San",
		Number:       "E12345678",
		XAccountType: testXAccount,
	}
}

// stream is an io.Reader (not a Seeker) of size bytes: head, then zeros.
// It counts what was read from it.
type stream struct {
	head []byte
	size int64
	read int64
}

func (s *stream) Read(p []byte) (int, error) {
	if s.read >= s.size {
		return 0, io.EOF
	}
	n := int64(len(p))
	if left := s.size - s.read; n > left {
		n = left
	}
	for i := int64(0); i < n; i++ {
		off := s.read + i
		if off < int64(len(s.head)) {
			p[i] = s.head[off]
		} else {
			p[i] = 0
		}
	}
	s.read += n
	return int(n), nil
}

// requester wraps the client to act between polls.
type requester struct {
	c      *hwpartner.Client
	before func(op string, n int)
	n      map[string]int
}

func (r *requester) Do(ctx context.Context, op *core.Operation, params, result any) (core.ResponseMeta, error) {
	if r.n == nil {
		r.n = map[string]int{}
	}
	r.n[op.Name]++
	if r.before != nil {
		r.before(op.Name, r.n[op.Name])
	}
	return r.c.Do(ctx, op, params, result)
}
