package realname_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

const resultOp = "ShowRealnameAuthenticationReviewResult"

func waitEnv(t *testing.T, before func(e *env, n int)) (*env, *realname.Service) {
	e := setup(t)
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), passportFiles(t, "w")...)
	require.NoError(t, err)
	r := &requester{c: e.c, before: func(op string, n int) {
		if op == resultOp {
			before(e, n)
		}
	}}
	return e, realname.NewService(r)
}

var fast = &realname.WaitOptions{Interval: time.Millisecond, MaxInterval: 4 * time.Millisecond}

func TestWaitForReviewEndsOnApproval(t *testing.T) {
	t.Parallel()
	e, svc := waitEnv(t, func(e *env, n int) {
		if n == 3 {
			require.NoError(t, e.srv.ApproveRealName(testCustomer))
		}
	})
	review, err := svc.WaitForReview(t.Context(), testCustomer, fast)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewApproved, review.Status)
	assert.Equal(t, 3, e.srv.RequestCount(resultOp))
}

func TestWaitForReviewEndsOnRejectionWithOpinion(t *testing.T) {
	t.Parallel()
	_, svc := waitEnv(t, func(e *env, n int) {
		if n == 2 {
			require.NoError(t, e.srv.RejectRealName(testCustomer, "the handheld photo is blurred"))
		}
	})
	review, err := svc.WaitForReview(t.Context(), testCustomer, fast)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewRejected, review.Status)
	assert.Equal(t, "the handheld photo is blurred", review.Opinion)
	assert.Equal(t, "rejected", review.Status.String())
}

func TestWaitForReviewEndsWithTheContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	_, svc := waitEnv(t, func(_ *env, n int) {
		if n == 2 {
			cancel()
		}
	})
	review, err := svc.WaitForReview(ctx, testCustomer, fast)
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, review, "the last review seen comes back")
	assert.Equal(t, realname.ReviewPending, review.Status)
}

func TestWaitForReviewWithoutApplication(t *testing.T) {
	t.Parallel()
	e := setup(t)
	review, err := e.c.RealName.WaitForReview(t.Context(), testCustomer, nil)
	require.ErrorIs(t, err, realname.ErrNotSubmitted)
	assert.Equal(t, realname.ReviewNotSubmitted, review.Status)
	_, err = e.c.RealName.WaitForReview(t.Context(), testCustomer, &realname.WaitOptions{Interval: -1})
	requireInvalid(t, err, "interval")
	_, err = e.c.RealName.ReviewResult(t.Context(), "")
	requireInvalid(t, err, "customer_id")
	assert.Equal(t, 1, e.srv.RequestCount(""))
}

func TestFakeAutoApprovesOnItsClock(t *testing.T) {
	t.Parallel()
	e := setup(t)
	base := time.Now()
	var offset atomic.Int64
	e.srv.SetClock(func() time.Time { return base.Add(time.Duration(offset.Load())) })
	e.srv.ConfigureRealName(hwpartnertest.RealNameConfig{Enabled: true, Bucket: testBucket, XAccountType: testXAccount,
		AutoApproveAfter: 5 * time.Minute})
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), passportFiles(t, "a")...)
	require.NoError(t, err)
	review, err := e.c.RealName.ReviewResult(t.Context(), testCustomer)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewPending, review.Status)
	offset.Store(int64(6 * time.Minute)) // still within the gateway's signing skew
	review, err = e.c.RealName.ReviewResult(t.Context(), testCustomer)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewApproved, review.Status)
	assert.Error(t, e.srv.ApproveRealName(testCustomer), "nothing under review any more")
	app, ok := e.srv.RealNameApplication(testCustomer)
	require.True(t, ok)
	assert.Equal(t, hwpartnertest.RealNameApproved, app.Status)
}
