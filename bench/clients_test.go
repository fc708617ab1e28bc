package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	bss "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/resellers"
)

// memory answers every request with body, without a network.
type memory struct{ body []byte }

func (m memory) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req-bench"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
		Request:       r,
	}, nil
}

// lister is one way of listing resellers: list returns a page's size and
// the count.
type lister interface {
	list(ctx context.Context, offset, limit int) (n, count int, err error)
}

type sdkLister struct{ c *hwpartner.Client }

func newSDK(tb testing.TB, endpoint string, rt http.RoundTripper) sdkLister {
	tb.Helper()
	opts := []hwpartner.Option{
		hwpartner.WithAKSK(testAK, testSK), hwpartner.WithDomainID(testDomain), hwpartner.WithEndpoint(endpoint),
	}
	if rt != nil {
		opts = append(opts, hwpartner.WithTransport(rt))
	}
	c, err := hwpartner.NewClient(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return sdkLister{c}
}

func (l sdkLister) list(ctx context.Context, offset, limit int) (int, int, error) {
	p, err := l.c.Resellers.List(ctx, &resellers.ListParams{ListOptions: core.ListOptions{Offset: offset, Limit: limit}})
	if err != nil {
		return 0, 0, err
	}
	return len(p.Items), p.Total, nil
}

type officialLister struct{ c *bss.BssClient }

func newOfficial(tb testing.TB, endpoint string, rt http.RoundTripper) officialLister {
	tb.Helper()
	creds := global.NewCredentialsBuilder().WithAk(testAK).WithSk(testSK).WithDomainId(testDomain).Build()
	cfg := config.DefaultHttpConfig()
	if rt != nil {
		cfg = cfg.WithHttpRoundTripper(rt)
	}
	hc, err := bss.BssClientBuilder().WithEndpoints([]string{endpoint}).WithCredential(creds).WithHttpConfig(cfg).SafeBuild()
	if err != nil {
		tb.Fatal(err)
	}
	return officialLister{bss.NewBssClient(hc)}
}

func (l officialLister) list(_ context.Context, offset, limit int) (int, int, error) {
	o, n := int32(offset), int32(limit)
	resp, err := l.c.ListIndirectPartners(&model.ListIndirectPartnersRequest{Body: &model.QueryIndirectPartnersReq{Offset: &o, Limit: &n}})
	if err != nil {
		return 0, 0, err
	}
	if resp.IndirectPartners == nil || resp.Count == nil {
		return 0, 0, fmt.Errorf("answer without partners or count")
	}
	return len(*resp.IndirectPartners), int(*resp.Count), nil
}

// handLister is hand-written net/http with the SDK's signer: the floor
// for the SDK's own cost per call.
type handLister struct {
	endpoint string
	hc       *http.Client
	signer   *auth.Signer
}

func newHand(tb testing.TB, endpoint string, rt http.RoundTripper) handLister {
	tb.Helper()
	s, err := auth.NewSigner(testAK, testSK)
	if err != nil {
		tb.Fatal(err)
	}
	if rt == nil {
		rt = http.DefaultTransport
	}
	return handLister{endpoint: endpoint, hc: &http.Client{Transport: rt, Timeout: time.Minute}, signer: s}
}

func (l handLister) list(ctx context.Context, offset, limit int) (int, int, error) {
	body, err := json.Marshal(struct {
		Offset int `json:"offset,omitempty"`
		Limit  int `json:"limit,omitempty"`
	}{offset, limit})
	if err != nil {
		return 0, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.endpoint+listPath, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(auth.HeaderDomainID, testDomain)
	if err := l.signer.Sign(req, body, time.Now()); err != nil {
		return 0, 0, err
	}
	resp, err := l.hc.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	var out struct {
		Count    int                  `json:"count"`
		Partners []resellers.Reseller `json:"indirect_partners"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return 0, 0, err
	}
	return len(out.Partners), out.Count, nil
}
