package hwpartner_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/auth"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/funds"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/resellers"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

// Every exported error type, as a zero value a program or a test double
// may build by hand: it prints, unwraps and classifies without panicking.
func TestZeroValueErrorsDoNotPanic(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		&hwpartner.Error{}, &hwpartner.OperationError{}, &hwpartner.ValidationError{},
		&auth.TokenError{}, &auth.NotSentError{}, &auth.VerifyError{},
		&funds.OutcomeUnknownError{},
		&realname.Error{}, &realname.SubmitError{}, &realname.UploadError{},
		&vouchers.PartialError{}, &vouchers.BatchError{}, &vouchers.OutcomeUnknownError{},
		&core.SiteError{},
		&resellers.NotFoundError{},
		&customers.Error{}, &customers.AssociationPendingError{}, &customers.NotFundableError{},
		&customers.OutcomeUnknownError{}, &customers.CreateUnknownError{}, &customers.NotFoundError{},
	} {
		assert.NotPanics(t, func() {
			assert.NotEmpty(t, err.Error(), "%T", err)
			_ = fmt.Sprintf("%v %+v %s", err, err, err)
			for _, class := range []error{hwpartner.ErrOutcomeUnknown, hwpartner.ErrNotSent, hwpartner.ErrAuth, hwpartner.ErrNotFound} {
				_ = errors.Is(err, class)
			}
			var api *hwpartner.Error
			_ = errors.As(err, &api)
			var op *hwpartner.OperationError
			_ = errors.As(err, &op)
		}, "%T", err)
	}
}
