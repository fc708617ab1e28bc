package realname_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

func TestApplyIndividualUploadsInOrderAndSubmits(t *testing.T) {
	t.Parallel()
	e := setup(t)
	files := passportFiles(t, "cust-0001")
	res, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), files...)
	require.NoError(t, err)
	assert.True(t, res.NeedsReview)
	assert.NotEmpty(t, res.RequestID)

	assert.Equal(t, []string{"download/cust-0001/data.png", "download/cust-0001/handheld.png", "download/cust-0001/stamp.png"},
		e.srv.ObjectKeys(testBucket))
	got, ok := e.srv.Object(testBucket, "download/cust-0001/stamp.png")
	require.True(t, ok)
	assert.Equal(t, pngImage(t, 20), got)

	var puts []string
	for _, r := range e.srv.Requests() {
		if r.Operation == hwpartnertest.OBSOperation {
			puts = append(puts, r.Path)
			assert.Equal(t, "image/png", r.Header.Get("Content-Type"))
			assert.Equal(t, e.srv.AccessKey(), r.AccessKey)
		}
	}
	assert.Equal(t, []string{"/rn-bucket/download/cust-0001/data.png", "/rn-bucket/download/cust-0001/stamp.png", "/rn-bucket/download/cust-0001/handheld.png"}, puts)

	reqs := e.srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, hwpartnertest.OpCreatePersonalRealnameAuth, last.Operation)
	assert.JSONEq(t, `{"customer_id":"cust-0001","identify_type":0,"verified_type":3,
		"verified_file_url":["cust-0001/data.png","cust-0001/stamp.png","cust-0001/handheld.png"],
		"name":"Zhang San","verified_number":"E12345678","xaccount_type":"platform_x"}`, string(last.Body))

	app, ok := e.srv.RealNameApplication(testCustomer)
	require.True(t, ok)
	assert.Equal(t, hwpartnertest.RealNameUnderReview, app.Status)

	review, err := e.c.RealName.ReviewResult(t.Context(), testCustomer)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewPending, review.Status)
}
