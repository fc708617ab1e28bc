package incentives

import (
	"errors"

	"github.com/hwpartner/go-hwpartner/core"
)

// Service calls the incentive APIs. Create it with NewService, or use the
// client's Incentives field.
type Service struct {
	r core.Requester
}

// NewService returns a service that sends its calls through r.
func NewService(r core.Requester) *Service { return &Service{r: r} }

// invalid names op in a validation error, as the transport does for
// params it validates itself.
func invalid(op *core.Operation, err error) error {
	var ve *core.ValidationError
	if errors.As(err, &ve) && ve.Operation == "" {
		ve.Operation = op.Name
	}
	return err
}
