package incentives

import "github.com/hwpartner/go-hwpartner/core"

// Service calls the incentive APIs. Create it with NewService, or use the
// client's Incentives field.
type Service struct {
	r core.Requester
}

// NewService returns a service that sends its calls through r.
func NewService(r core.Requester) *Service { return &Service{r: r} }
