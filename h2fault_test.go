package hwpartner_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/internal/transport"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// h2Fault is how an HTTP/2 front misbehaves after the fake carried a
// request out: each is an error net/http's HTTP/2 client replays a request
// after, when it can rewind its body.
type h2Fault int

const (
	rstProtocol h2Fault = iota // RST_STREAM PROTOCOL_ERROR
	rstRefused                 // RST_STREAM REFUSED_STREAM ("not processed": a lie here)
	goAway                     // GOAWAY with last stream 0 ("not processed": a lie here)
)

func (f h2Fault) String() string {
	return [...]string{"RST_STREAM PROTOCOL_ERROR", "RST_STREAM REFUSED_STREAM", "GOAWAY"}[f]
}

// h2Front is a TLS HTTP/2 server in front of a handler, speaking the
// protocol frame by frame so it can answer a carried-out request with a
// stream reset or a GOAWAY. With every set it misbehaves on every stream,
// else on the first only.
type h2Front struct {
	URL   string
	roots *x509.CertPool
	fault h2Fault
	every bool
	next  http.Handler
	ln    net.Listener
	n     atomic.Int32 // streams answered with the fault
	wg    sync.WaitGroup
}

func newH2Front(t *testing.T, next http.Handler, fault h2Fault, every bool) *h2Front {
	t.Helper()
	// Borrow httptest's certificate.
	donor := httptest.NewUnstartedServer(http.NotFoundHandler())
	donor.StartTLS()
	cert, roots := donor.TLS.Certificates[0], x509.NewCertPool()
	roots.AddCert(donor.Certificate())
	donor.Close()

	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2"}})
	require.NoError(t, err)
	f := &h2Front{URL: "https://" + ln.Addr().String(), roots: roots, fault: fault, every: every, next: next, ln: ln}
	f.wg.Add(1)
	go f.accept()
	t.Cleanup(func() { ln.Close(); f.wg.Wait() })
	return f
}

// client is a hwpartner client over the SDK's default transport, trusting
// the front's certificate.
func (f *h2Front) client(t *testing.T, srv *hwpartnertest.Server) *hwpartner.Client {
	t.Helper()
	base := transport.DefaultBase()
	base.TLSClientConfig.RootCAs = f.roots
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(f.URL),
		hwpartner.WithTransport(base), hwpartner.WithRetry(3, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	t.Cleanup(base.CloseIdleConnections)
	return c
}

func (f *h2Front) accept() {
	defer f.wg.Done()
	for {
		conn, err := f.ln.Accept()
		if err != nil {
			return
		}
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			f.serve(conn)
		}()
	}
}

type h2Stream struct {
	header http.Header
	method string
	path   string
	host   string
	body   bytes.Buffer
}

func (f *h2Front) serve(conn net.Conn) {
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(conn, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(conn, conn)
	if fr.WriteSettings() != nil {
		return
	}
	dec := hpack.NewDecoder(4096, nil)
	streams := map[uint32]*h2Stream{}
	for {
		frame, err := fr.ReadFrame()
		if err != nil {
			return
		}
		switch fm := frame.(type) {
		case *http2.SettingsFrame:
			if !fm.IsAck() {
				_ = fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !fm.IsAck() {
				_ = fr.WritePing(true, fm.Data)
			}
		case *http2.HeadersFrame:
			st := &h2Stream{header: http.Header{}}
			fields, err := dec.DecodeFull(fm.HeaderBlockFragment())
			if err != nil {
				return
			}
			for _, hf := range fields {
				switch hf.Name {
				case ":method":
					st.method = hf.Value
				case ":path":
					st.path = hf.Value
				case ":authority":
					st.host = hf.Value
				default:
					if hf.Name[0] != ':' {
						st.header.Add(hf.Name, hf.Value)
					}
				}
			}
			streams[fm.StreamID] = st
			if fm.StreamEnded() && !f.answer(fr, fm.StreamID, st) {
				return
			}
		case *http2.DataFrame:
			st := streams[fm.StreamID]
			if st == nil {
				return
			}
			st.body.Write(fm.Data())
			if fm.StreamEnded() && !f.answer(fr, fm.StreamID, st) {
				return
			}
		}
	}
}

// answer carries the request out, then misbehaves or answers it. It
// reports whether the connection stays open.
func (f *h2Front) answer(fr *http2.Framer, id uint32, st *h2Stream) bool {
	req := httptest.NewRequest(st.method, "https://"+st.host+st.path, bytes.NewReader(st.body.Bytes()))
	req.Header = st.header
	req.Host = st.host
	rec := httptest.NewRecorder()
	f.next.ServeHTTP(rec, req)

	if f.every || f.n.Load() == 0 {
		f.n.Add(1)
		switch f.fault {
		case rstProtocol:
			_ = fr.WriteRSTStream(id, http2.ErrCodeProtocol)
		case rstRefused:
			_ = fr.WriteRSTStream(id, http2.ErrCodeRefusedStream)
		case goAway:
			_ = fr.WriteGoAway(0, http2.ErrCodeNo, nil)
			return false
		}
		return true
	}
	var hb bytes.Buffer
	enc := hpack.NewEncoder(&hb)
	_ = enc.WriteField(hpack.HeaderField{Name: ":status", Value: strconv.Itoa(rec.Code)})
	for k, vs := range rec.Header() {
		for _, v := range vs {
			_ = enc.WriteField(hpack.HeaderField{Name: strings.ToLower(k), Value: v})
		}
	}
	body := rec.Body.Bytes()
	_ = enc.WriteField(hpack.HeaderField{Name: "content-length", Value: strconv.Itoa(len(body))})
	if fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hb.Bytes(), EndHeaders: true}) != nil {
		return false
	}
	return fr.WriteData(id, true, body) == nil
}

// A money-moving call reaches the service at most once over HTTP/2, even
// when the front carries it out and then answers with an error net/http
// replays requests after: the caller learns the outcome is unknown.
func TestHTTP2NeverReplaysAMoneyCall(t *testing.T) {
	t.Parallel()
	for _, fault := range []h2Fault{rstProtocol, rstRefused, goAway} {
		for _, every := range []bool{false, true} {
			name := fault.String() + " once"
			if every {
				name = fault.String() + " on every connection"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				for _, m := range h2MoneyCalls {
					t.Run(m.name, func(t *testing.T) {
						t.Parallel()
						srv := hwpartnertest.NewServer(t)
						call := m.prepare(t, srv)
						front := newH2Front(t, srv, fault, every)
						c := front.client(t, srv)
						ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
						defer cancel()

						err := call(ctx, c)
						require.Error(t, err)
						assert.True(t, hwpartner.IsOutcomeUnknown(err), "outcome unknown: %v", err)
						assert.False(t, hwpartner.IsNotSent(err))
						assert.Equal(t, 1, srv.RequestCount(hwpartnertest.Op(m.op)), "carried out exactly once")
						assert.Equal(t, int32(1), front.n.Load())
					})
				}
			})
		}
	}
}

// Queries may still be replayed underneath: they change nothing.
func TestHTTP2ReplaysAQuery(t *testing.T) {
	t.Parallel()
	srv := hwpartnertest.NewServer(t)
	front := newH2Front(t, srv, rstProtocol, false)
	_, err := front.client(t, srv).Funds.OwnBalance(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, srv.RequestCount("ListPartnerBalances"))
}

const h2Reseller = "h2-reseller"

type h2MoneyCall struct {
	name, op string
	// prepare seeds srv and returns the call to make.
	prepare func(t *testing.T, srv *hwpartnertest.Server) func(context.Context, *hwpartner.Client) error
}

func seedFunds(t *testing.T, srv *hwpartnertest.Server) {
	require.NoError(t, srv.SeedReseller(hwpartnertest.IndirectPartner{ID: h2Reseller, Balance: hwpartnertest.MustParseAmount(t, "50.00")}))
	require.NoError(t, srv.SetBalance(srv.DomainID(), hwpartnertest.MustParseAmount(t, "100.00")))
}

var h2MoneyCalls = []h2MoneyCall{
	{"transfer", "UpdateIndirectPartnerAccount", func(t *testing.T, srv *hwpartnertest.Server) func(context.Context, *hwpartner.Client) error {
		seedFunds(t, srv)
		return func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Funds.Transfer(ctx, &funds.TransferParams{ResellerID: h2Reseller, Amount: hwpartner.AmountFromCents(1000)})
			assert.Equal(t, hwpartnertest.MustParseAmount(t, "60.00"), srv.Balance(h2Reseller))
			return err
		}
	}},
	{"reclaim", "ReclaimIndirectPartnerAccount", func(t *testing.T, srv *hwpartnertest.Server) func(context.Context, *hwpartner.Client) error {
		seedFunds(t, srv)
		return func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Funds.Reclaim(ctx, &funds.ReclaimParams{ResellerID: h2Reseller, Amount: hwpartner.AmountFromCents(1000)})
			assert.Equal(t, hwpartnertest.MustParseAmount(t, "40.00"), srv.Balance(h2Reseller))
			return err
		}
	}},
	{"voucher issue", "UpdateCouponQuotas", func(t *testing.T, srv *hwpartnertest.Server) func(context.Context, *hwpartner.Client) error {
		seedFunds(t, srv)
		quota, err := srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "100")})
		require.NoError(t, err)
		return func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Vouchers.Issue(ctx, &vouchers.IssueParams{QuotaID: quota, ResellerIDs: []string{h2Reseller}, Amount: hwpartner.AmountFromCents(500)})
			q, _ := srv.Quota(quota)
			assert.Equal(t, hwpartnertest.MustParseAmount(t, "95.00"), q.Balance)
			return err
		}
	}},
	{"voucher reclaim", "ReclaimCouponQuotas", func(t *testing.T, srv *hwpartnertest.Server) func(context.Context, *hwpartner.Client) error {
		seedFunds(t, srv)
		quota, err := srv.SeedQuota(hwpartnertest.VoucherQuota{Value: hwpartnertest.MustParseAmount(t, "100")})
		require.NoError(t, err)
		res, err := directClient(t, srv).Vouchers.Issue(t.Context(), &vouchers.IssueParams{QuotaID: quota, ResellerIDs: []string{h2Reseller}, Amount: hwpartner.AmountFromCents(500)})
		require.NoError(t, err)
		require.Len(t, res.Issued, 1)
		issued := res.Issued[0].QuotaID
		return func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.Vouchers.Reclaim(ctx, &vouchers.ReclaimParams{QuotaIDs: []string{issued}})
			q, _ := srv.Quota(quota)
			assert.Equal(t, hwpartnertest.MustParseAmount(t, "100.00"), q.Balance)
			return err
		}
	}},
	{"real-name individual", "CreatePersonalRealnameAuth", func(t *testing.T, srv *hwpartnertest.Server) func(context.Context, *hwpartner.Client) error {
		files := seedRealName(t, srv)
		return func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.RealName.SubmitIndividual(ctx, &realname.IndividualParams{CustomerID: "h2-customer", Certificate: realname.Passport,
				Name: "Zhang San", Number: "E12345678", XAccountType: "platform_x", Files: files})
			_, applied := srv.RealNameApplication("h2-customer")
			assert.True(t, applied)
			return err
		}
	}},
	{"real-name enterprise", "CreateEnterpriseRealnameAuthentication", func(t *testing.T, srv *hwpartnertest.Server) func(context.Context, *hwpartner.Client) error {
		files := seedRealName(t, srv)
		return func(ctx context.Context, c *hwpartner.Client) error {
			_, err := c.RealName.SubmitEnterprise(ctx, &realname.EnterpriseParams{CustomerID: "h2-customer", CorpName: "Acme Ltd",
				Number: "9131", XAccountType: "platform_x", Files: []realname.Attachment{{Role: realname.RoleOrgCertificate, Path: files[0].Path}}})
			_, applied := srv.RealNameApplication("h2-customer")
			assert.True(t, applied)
			return err
		}
	}},
}

// directClient talks to the fake over plain HTTP/1, for setting up.
func directClient(t *testing.T, srv *hwpartnertest.Server) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	require.NoError(t, err)
	return c
}

// seedRealName enables real-name on srv and uploads a passport's pages.
func seedRealName(t *testing.T, srv *hwpartnertest.Server) []realname.Attachment {
	t.Helper()
	require.NoError(t, srv.CreateBucket("h2-bucket", ""))
	srv.ConfigureRealName(hwpartnertest.RealNameConfig{Enabled: true, Bucket: "h2-bucket", XAccountType: "platform_x"})
	srv.SeedRealNameCustomer("h2-customer", "")
	b, err := obsupload.New(obsupload.Config{Bucket: "h2-bucket", Endpoint: srv.OBSEndpoint(), AccessKey: srv.AccessKey(), SecretKey: srv.SecretKey()})
	require.NoError(t, err)
	var files []realname.File
	for i, role := range []realname.Role{realname.RoleDataPage, realname.RoleEntryStampPage, realname.RoleHandheldDataPage} {
		files = append(files, realname.File{Role: role, Path: "p/" + strconv.Itoa(i) + ".png", Body: bytes.NewReader(tinyPNG)})
	}
	up, err := directClient(t, srv).RealName.Upload(t.Context(), b, files...)
	require.NoError(t, err)
	return up
}

// tinyPNG is a valid 1×1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU\x00\x00\x00\nIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
