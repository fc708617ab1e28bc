package realname_test

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

func TestElevenMegabyteStreamFailsWhileStreaming(t *testing.T) {
	t.Parallel()
	e := setup(t)
	src := &stream{head: pngMagic, size: 11 << 20}
	_, err := e.c.RealName.Upload(t.Context(), e.bucket, realname.File{Role: realname.RoleDataPage, Path: "big/data.png", Body: src})
	require.ErrorIs(t, err, realname.ErrFileTooLarge)
	var ue *realname.UploadError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "big/data.png", ue.Path)
	assert.LessOrEqual(t, src.read, int64(realname.MaxFileSize+64<<10), "reading stops right after the limit")
	assert.Less(t, src.read, src.size)
	assert.Empty(t, e.srv.ObjectKeys(testBucket), "an abandoned upload leaves no object")
	assert.Equal(t, 1, e.srv.RequestCount(hwpartnertest.OBSOperation))
	assert.Zero(t, e.srv.RequestCount("CreatePersonalRealnameAuth"))
}

func TestStreamOfUnknownSizeUnderTheLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	src := &stream{head: pngMagic, size: 3 << 20}
	up, err := e.c.RealName.Upload(t.Context(), e.bucket, realname.File{Path: "s/data.png", Body: src})
	require.NoError(t, err)
	assert.Equal(t, []realname.Attachment{{Path: "s/data.png"}}, up)
	got, ok := e.srv.Object(testBucket, "download/s/data.png")
	require.True(t, ok)
	assert.Len(t, got, 3<<20)
	assert.Equal(t, pngMagic, got[:8])
}

// recordingBucket reads what it is given and records the object's header.
type recordingBucket struct {
	objs []realname.Object
	stop int // bytes to read before returning nil early (0: read all)
}

func (b *recordingBucket) PutObject(_ context.Context, o *realname.Object) error {
	b.objs = append(b.objs, realname.Object{Key: o.Key, Size: o.Size, ContentType: o.ContentType})
	if b.stop > 0 {
		_, err := io.CopyN(io.Discard, o.Body, int64(b.stop))
		return err
	}
	_, err := io.Copy(io.Discard, o.Body)
	return err
}

func TestObjectsCarrySizeAndType(t *testing.T) {
	t.Parallel()
	e := setup(t)
	b := &recordingBucket{}
	files := passportFiles(t, "k")
	files[1].Body = &stream{head: []byte("GIF89a"), size: 100}
	files[1].Path = "k/stamp.gif"
	_, err := e.c.RealName.Upload(t.Context(), b, files...)
	require.NoError(t, err)
	require.Len(t, b.objs, 3)
	assert.Equal(t, realname.Object{Key: "download/k/data.png", Size: int64(len(pngImage(t, 10))), ContentType: "image/png"}, b.objs[0])
	assert.Equal(t, realname.Object{Key: "download/k/stamp.gif", Size: -1, ContentType: "image/gif"}, b.objs[1])
}

func TestBucketThatStopsEarlyIsAnError(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, err := e.c.RealName.Upload(t.Context(), &recordingBucket{stop: 4}, passportFiles(t, "k")[0])
	var ue *realname.UploadError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "before reading the whole file")
}

func TestUploadStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := e.c.RealName.Upload(ctx, e.bucket, passportFiles(t, "c")...)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, e.srv.RequestCount(""))
}

// discardBucket reads every object to the end, as an upload does.
type discardBucket struct{}

func (discardBucket) PutObject(_ context.Context, o *realname.Object) error {
	_, err := io.Copy(io.Discard, o.Body)
	return err
}

// BenchmarkUploadStream uploads a 9 MB stream of unknown size: the bytes
// allocated per upload stay a tiny fraction of the file.
func BenchmarkUploadStream(b *testing.B) {
	svc := realname.NewService(nil)
	const size = 9 << 20
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		_, err := svc.Upload(b.Context(), discardBucket{}, realname.File{Path: "bench/data.png", Body: &stream{head: pngMagic, size: size}})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUploadTooLarge streams 11 MB into the limit.
func BenchmarkUploadTooLarge(b *testing.B) {
	svc := realname.NewService(nil)
	b.ReportAllocs()
	for b.Loop() {
		_, err := svc.Upload(b.Context(), discardBucket{}, realname.File{Path: "bench/data.png", Body: &stream{head: pngMagic, size: 11 << 20}})
		if err == nil {
			b.Fatal("want an error")
		}
	}
}
