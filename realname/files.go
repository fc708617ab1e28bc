package realname

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"strings"

	"github.com/hwpartner/go-hwpartner/core"
)

// MaxFileSize is the largest attachment Huawei accepts: 10 MB.
const MaxFileSize = 10 << 20

// Prefix is the bucket directory Huawei reads attachments from. Paths in
// applications are relative to it.
const Prefix = "download/"

// maxKey is OBS's limit on an object key, in bytes.
const maxKey = 1024

// Bucket stores objects in the partner's OBS bucket. Package
// realname/obsupload implements it over Huawei's OBS SDK; tests and other
// storage clients can provide their own.
//
// PutObject must honour ctx, and must not create the object unless it read
// obj.Body to its end without error: the body fails on purpose when the
// file crosses MaxFileSize or ctx ends, and a half object must not stay
// behind. A single OBS PUT has exactly this property.
type Bucket interface {
	PutObject(ctx context.Context, obj *Object) error
}

// Object is one object to store.
type Object struct {
	// Key is the full object key: Prefix + the attachment's path.
	Key string
	// Body streams the content. It is never buffered whole.
	Body io.Reader
	// Size is the length of Body in bytes, or -1 when unknown (then send
	// it chunked).
	Size int64
	// ContentType is the MIME type found from the content.
	ContentType string
}

// String shows the key, size and type, never the content.
func (o Object) String() string {
	return fmt.Sprintf("realname.Object{Key: %s, Size: %d, ContentType: %s}", o.Key, o.Size, o.ContentType)
}

// GoString is String.
func (o Object) GoString() string { return o.String() }

// Format prints String for every verb: the body is an identity document.
func (o Object) Format(f fmt.State, _ rune) { fmt.Fprint(f, o.String()) }

// File is an attachment to upload: what it shows, where it goes (relative
// to download/) and its content. When Body is an io.Seeker its size is
// checked before anything is uploaded; otherwise the 10 MB limit is
// enforced while it streams. A refused Seeker is rewound; any other
// refused Body has lost its first 8 bytes, so offer a fresh reader.
type File struct {
	Role Role
	Path string
	Body io.Reader
}

// String shows the role and path, never the content.
func (f File) String() string {
	return "realname.File{Role: " + f.Role.String() + ", Path: " + f.Path + "}"
}

// GoString is String.
func (f File) GoString() string { return f.String() }

// Format prints String for every verb.
func (f File) Format(s fmt.State, _ rune) { fmt.Fprint(s, f.String()) }

// LogValue logs the role and path.
func (f File) LogValue() slog.Value {
	return slog.GroupValue(slog.String("role", f.Role.String()), slog.String("path", f.Path))
}

// ErrFileTooLarge: a file crossed MaxFileSize while it streamed. The
// upload was abandoned; no object was created.
var ErrFileTooLarge = errors.New("file larger than 10 MB (10485760 bytes)")

// UploadError reports a failed upload. Uploaded lists the files stored
// before it, in order, so a new attempt can skip them.
type UploadError struct {
	Uploaded []Attachment
	// Path is the file that failed, relative to download/.
	Path string
	Err  error
}

// Error names the failed file and what was uploaded before it.
func (e *UploadError) Error() string {
	s := "hwpartner: realname: uploading " + Prefix + e.Path + ": " + errText(e.Err)
	if len(e.Uploaded) > 0 {
		s += "; already uploaded: " + listPaths(e.Uploaded)
	}
	return s
}

// Unwrap returns the cause.
func (e *UploadError) Unwrap() error { return e.Err }

func listPaths(as []Attachment) string {
	ps := make([]string, len(as))
	for i, a := range as {
		ps[i] = Prefix + a.Path
	}
	return strings.Join(ps, ", ")
}

// format is an allowed attachment format.
type format string

const (
	formatJPEG format = "JPEG image"
	formatPNG  format = "PNG image"
	formatGIF  format = "GIF image"
	formatBMP  format = "BMP image"
	formatPDF  format = "PDF document"
)

func (f format) contentType() string {
	switch f {
	case formatJPEG:
		return "image/jpeg"
	case formatPNG:
		return "image/png"
	case formatGIF:
		return "image/gif"
	case formatBMP:
		return "image/bmp"
	}
	return "application/pdf"
}

// headLen is how many leading bytes the formats are told apart by.
const headLen = 8

// sniff recognises the allowed formats by their magic bytes.
func sniff(head []byte) format {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return formatJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return formatGIF
	case bytes.HasPrefix(head, []byte("BM")):
		return formatBMP
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return formatPDF
	}
	return ""
}

// extFormat is the format a path's extension promises ("" if none allowed).
func extFormat(p string) format {
	switch strings.ToLower(path.Ext(p)) {
	case ".jpg", ".jpeg":
		return formatJPEG
	case ".png":
		return formatPNG
	case ".gif":
		return formatGIF
	case ".bmp":
		return formatBMP
	case ".pdf":
		return formatPDF
	}
	return ""
}

// pathProblem applies §5.5's rules for paths relative to download/.
func pathProblem(p string) string {
	first, _, _ := strings.Cut(p, "/")
	switch {
	case p == "":
		return "is required"
	case strings.Contains(p, "://"):
		return "must be a path relative to download/, not a URL"
	case strings.HasPrefix(p, "/"):
		return "must be relative to download/, without a leading /"
	case isHost(first):
		return "must be relative to download/, without the bucket host"
	case first == "download":
		return "must be relative to download/, without the download/ prefix"
	case hasDotDot(p):
		return `must not contain ".."`
	case len(Prefix)+len(p) > maxKey:
		return fmt.Sprintf("must be at most %d bytes (an OBS key is at most %d)", maxKey-len(Prefix), maxKey)
	case extFormat(p) == "":
		return "must end in .jpg, .jpeg, .bmp, .png, .gif or .pdf"
	}
	return ""
}

func hasDotDot(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// isHost spots a bucket or OBS host name as the first path segment.
func isHost(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, ".obs.") || strings.HasPrefix(s, "obs.") ||
		strings.HasSuffix(s, ".myhuaweicloud.com") || strings.HasSuffix(s, ".myhuaweicloud.eu") ||
		strings.HasSuffix(s, ".huaweicloud.com")
}

// prepared is a checked file: its first bytes already read.
type prepared struct {
	file   File
	head   []byte
	size   int64 // -1: unknown
	start  int64 // position to rewind a Seeker to; -1: not a Seeker
	format format
}

// prepare checks files before anything is uploaded: count and paths
// (unless the application's checks cover them), sizes it can learn
// without reading, and the content's magic bytes. Problems go to v; the
// error is a failure to read a file.
func prepare(v *core.Validator, files []File, checkPaths bool) ([]prepared, error) {
	if checkPaths && (len(files) < 1 || len(files) > MaxFiles) {
		v.Addf("files", "must have between 1 and %d files, has %d", MaxFiles, len(files))
	}
	out := make([]prepared, 0, len(files))
	seen := make(map[string]int, len(files))
	for i, f := range files {
		field := fmt.Sprintf("files[%d]", i)
		if checkPaths {
			if problem := pathProblem(f.Path); problem != "" {
				v.Add(field+".path", problem)
			}
		}
		if j, dup := seen[f.Path]; dup && f.Path != "" {
			v.Addf(field+".path", "repeats the path of files[%d]", j)
		} else {
			seen[f.Path] = i
		}
		if f.Body == nil {
			v.Add(field+".body", "is required")
			continue
		}
		p := prepared{file: f, size: -1, start: -1}
		if err := p.measure(); err != nil {
			rewind(out)
			return nil, fmt.Errorf("hwpartner: realname: reading %s: %w", field, err)
		}
		if p.size > MaxFileSize {
			v.Addf(field+".body", "is %d bytes, more than the %d (10 MB) allowed", p.size, MaxFileSize)
		}
		if err := p.readHead(); err != nil {
			rewind(append(out, p))
			return nil, fmt.Errorf("hwpartner: realname: reading %s: %w", field, err)
		}
		p.format = sniff(p.head)
		switch ext := extFormat(f.Path); {
		case p.format == "":
			v.Add(field+".body", "is not a jpg, jpeg, bmp, png, gif or pdf file (judged by its content)")
		case ext != "" && ext != p.format:
			v.Addf(field+".body", "is a %s, which its name's extension does not match", p.format)
		}
		out = append(out, p)
	}
	return out, nil
}

// measure learns a Seeker's remaining size without reading it.
func (p *prepared) measure() error {
	s, ok := p.file.Body.(io.Seeker)
	if !ok {
		return nil
	}
	cur, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil // a pipe or the like: stream it
	}
	end, err := s.Seek(0, io.SeekEnd)
	if err != nil {
		return nil
	}
	if _, err := s.Seek(cur, io.SeekStart); err != nil {
		return err
	}
	p.start, p.size = cur, end-cur
	return nil
}

func (p *prepared) readHead() error {
	buf := make([]byte, headLen)
	n, err := io.ReadFull(p.file.Body, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	p.head = buf[:n]
	return err
}

// rewind puts Seekers back where they were, so refused files can be
// offered again; other readers have lost at most their first 8 bytes.
func rewind(ps []prepared) {
	for _, p := range ps {
		if s, ok := p.file.Body.(io.Seeker); ok && p.start >= 0 {
			_, _ = s.Seek(p.start, io.SeekStart)
		}
	}
}

// upload stores the files in order. On failure it reports what is
// already stored.
func upload(ctx context.Context, bucket Bucket, files []prepared) ([]Attachment, error) {
	done := make([]Attachment, 0, len(files))
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return done, &UploadError{Uploaded: done, Path: p.file.Path, Err: err}
		}
		body := &body{ctx: ctx, r: io.MultiReader(bytes.NewReader(p.head), p.file.Body), left: MaxFileSize}
		obj := &Object{Key: Prefix + p.file.Path, Body: body, Size: p.size, ContentType: p.format.contentType()}
		err := bucket.PutObject(ctx, obj)
		switch {
		case body.err == ErrFileTooLarge:
			err = ErrFileTooLarge
		case err == nil && !body.complete(p.size):
			err = errors.New("the bucket returned before reading the whole file")
		}
		if err != nil {
			return done, &UploadError{Uploaded: done, Path: p.file.Path, Err: err}
		}
		done = append(done, Attachment{Role: p.file.Role, Path: p.file.Path})
	}
	return done, nil
}

// body streams one file: it stops at the size limit and when ctx ends,
// whatever the Bucket does with its own context.
type body struct {
	ctx  context.Context
	r    io.Reader
	left int64 // bytes still allowed
	read int64
	eof  bool
	err  error
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if err := b.ctx.Err(); err != nil {
		b.err = err
		return 0, err
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1] // one byte more than allowed is enough to know
	}
	n, err := b.r.Read(p)
	b.read += int64(n)
	b.left -= int64(n)
	if b.left < 0 {
		b.err = ErrFileTooLarge
		return 0, b.err
	}
	if err == io.EOF {
		b.eof = true
	} else if err != nil {
		b.err = err
	}
	return n, err
}

// complete reports whether the whole file went through.
func (b *body) complete(size int64) bool {
	if size >= 0 {
		return b.read == size
	}
	return b.eof
}
