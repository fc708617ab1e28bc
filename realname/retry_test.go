package realname_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

// retrying is a client of e's fake that retries what it may retry.
func retrying(t *testing.T, e *env) *hwpartner.Client {
	t.Helper()
	c, err := hwpartner.NewClient(hwpartner.WithAKSK(e.srv.AccessKey(), e.srv.SecretKey()),
		hwpartner.WithEndpoint(e.srv.URL), hwpartner.WithRetry(3, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	return c
}

func TestSubmissionsAreNotResentWhenTheyMayHaveArrived(t *testing.T) {
	t.Parallel()
	files := []realname.Attachment{{Role: realname.RoleDataPage, Path: "a.png"},
		{Role: realname.RoleEntryStampPage, Path: "b.png"}, {Role: realname.RoleHandheldDataPage, Path: "c.png"}}
	enterprise := &realname.EnterpriseParams{CustomerID: testCustomer, CorpName: "Acme Ltd", Number: "9131",
		XAccountType: testXAccount, Files: []realname.Attachment{{Role: realname.RoleOrgCertificate, Path: "a.png"}}}
	submits := map[string]func(*hwpartner.Client) error{
		"CreatePersonalRealnameAuth": func(c *hwpartner.Client) error {
			p := passportParams()
			p.Files = files
			_, err := c.RealName.SubmitIndividual(t.Context(), p)
			return err
		},
		"CreateEnterpriseRealnameAuthentication": func(c *hwpartner.Client) error {
			_, err := c.RealName.SubmitEnterprise(t.Context(), enterprise)
			return err
		},
		"ChangeEnterpriseRealnameAuthentication": func(c *hwpartner.Client) error {
			_, err := c.RealName.ChangeToEnterprise(t.Context(), enterprise)
			return err
		},
	}
	faults := map[string]hwpartnertest.Fault{
		"503":                   {Status: 503, Times: 1},
		"500 CBC.0999":          {Status: 500, Code: "CBC.0999", Times: 1},
		"dropped after reading": {Drop: hwpartnertest.DropAfterRead, Times: 1},
		"dropped after running": {Drop: hwpartnertest.DropAfterProcessing, Times: 1},
	}
	for op, submit := range submits {
		for name, f := range faults {
			t.Run(op+"/"+name, func(t *testing.T) {
				t.Parallel()
				e := setup(t)
				e.srv.InjectFault(hwpartnertest.Op(op), f)
				err := submit(retrying(t, e))
				require.Error(t, err)
				assert.True(t, core.IsOutcomeUnknown(err), "%v", err)
				assert.Equal(t, 1, e.srv.RequestCount(hwpartnertest.Op(op)), "a submission that may have arrived is never resent")
			})
		}
	}
}

func TestReviewResultIsRetried(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, err := e.c.RealName.ApplyIndividual(t.Context(), e.bucket, passportParams(), passportFiles(t, "q")...)
	require.NoError(t, err)
	e.srv.InjectFault(resultOp, hwpartnertest.Fault{Status: 503, Times: 1})
	e.srv.InjectFault(resultOp, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
	review, err := retrying(t, e).RealName.ReviewResult(t.Context(), testCustomer)
	require.NoError(t, err)
	assert.Equal(t, realname.ReviewPending, review.Status)
	assert.Equal(t, 3, e.srv.RequestCount(resultOp))
}
