package realname

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
)

// checkHint is printed when a submission's outcome is unknown.
const checkHint = "read the customer's review result (RealName.ReviewResult) before submitting again; " +
	"a resend answered CBC.99007188 means the first one arrived"

// Submissions create an application and may consume a bank-card
// verification code or an authentication attempt (CBC.99007191), so they
// are treated like money: never resent once they may have arrived.
var (
	opIndividual = core.Operation{
		Service: "realname", Name: "CreatePersonalRealnameAuth",
		Method: http.MethodPost, Path: "/v2/customers/realname-auths/individual",
		MovesMoney: true, Check: checkHint,
		Answer: []string{"is_review"},
	}
	opEnterprise = core.Operation{
		Service: "realname", Name: "CreateEnterpriseRealnameAuthentication",
		Method: http.MethodPost, Path: "/v2/customers/realname-auths/enterprise",
		MovesMoney: true, Check: checkHint,
		Answer: []string{"is_review"},
	}
	opChange = core.Operation{
		Service: "realname", Name: "ChangeEnterpriseRealnameAuthentication",
		Method: http.MethodPut, Path: "/v2/customers/realname-auths/enterprise",
		MovesMoney: true, Check: checkHint,
		Answer: []string{"is_review"},
	}
	opResult = core.Operation{
		Service: "realname", Name: "ShowRealnameAuthenticationReviewResult",
		Method: http.MethodGet, Path: "/v2/customers/realname-auths/result",
	}
)

// Service calls the customer real-name authentication APIs and uploads
// their attachments.
type Service struct {
	r core.Requester
}

// NewService returns a service that calls the API through r. When r is a
// core.SiteReporter, site-specific rules apply (bank cards on the China
// site only, passport pages per site).
func NewService(r core.Requester) *Service { return &Service{r: r} }

func (s *Service) site() core.Site {
	if sr, ok := s.r.(core.SiteReporter); ok {
		return sr.Site()
	}
	return core.SiteCustom
}

// SubmitResult is the answer to a submission.
type SubmitResult struct {
	// NeedsReview (is_review = 1): Huawei reviews the application by hand;
	// follow it with ReviewResult or WaitForReview.
	NeedsReview bool
	core.ResponseMeta
}

type submitWire struct {
	IsReview int `json:"is_review"`
}

// SubmitIndividual applies for an individual's real-name authentication
// with attachments already in the bucket.
//
// API: POST /v2/customers/realname-auths/individual (CreatePersonalRealnameAuth).
// Not retried once it may have reached the server.
func (s *Service) SubmitIndividual(ctx context.Context, p *IndividualParams) (*SubmitResult, error) {
	if p == nil {
		return nil, missing(opIndividual.Name)
	}
	var v core.Validator
	p.check(&v, s.site())
	if err := invalid(&v, opIndividual.Name); err != nil {
		return nil, err
	}
	return s.submit(ctx, &opIndividual, p.wire(), p.personal())
}

// SubmitEnterprise applies for an enterprise's real-name authentication
// by organisation certificate, with attachments already in the bucket.
//
// API: POST /v2/customers/realname-auths/enterprise (CreateEnterpriseRealnameAuthentication).
// Not retried once it may have reached the server.
func (s *Service) SubmitEnterprise(ctx context.Context, p *EnterpriseParams) (*SubmitResult, error) {
	return s.enterprise(ctx, &opEnterprise, p)
}

// ChangeToEnterprise applies to change an individually authenticated
// customer into an enterprise (change_type 1), the only change the API
// offers. RegCountry and RegAddress may be "" to set them empty.
//
// API: PUT /v2/customers/realname-auths/enterprise (ChangeEnterpriseRealnameAuthentication).
// Not retried once it may have reached the server.
func (s *Service) ChangeToEnterprise(ctx context.Context, p *EnterpriseParams) (*SubmitResult, error) {
	return s.enterprise(ctx, &opChange, p)
}

func (s *Service) enterprise(ctx context.Context, op *core.Operation, p *EnterpriseParams) (*SubmitResult, error) {
	if p == nil {
		return nil, missing(op.Name)
	}
	change := op == &opChange
	var v core.Validator
	p.check(&v, change)
	if err := invalid(&v, op.Name); err != nil {
		return nil, err
	}
	return s.submit(ctx, op, p.wire(change), p.personal())
}

func (s *Service) submit(ctx context.Context, op *core.Operation, body any, personal []string) (*SubmitResult, error) {
	var w submitWire
	meta, err := s.r.Do(ctx, op, body, &w)
	if err != nil {
		return nil, classify(err, personal)
	}
	return &SubmitResult{NeedsReview: w.IsReview == 1, ResponseMeta: meta}, nil
}

func missing(op string) error {
	return &core.ValidationError{Operation: op, Fields: []core.FieldError{{Field: "params", Problem: "are required"}}}
}

func invalid(v *core.Validator, op string) error {
	err := v.Err()
	var ve *core.ValidationError
	if errors.As(err, &ve) {
		ve.Operation = op
	}
	return err
}

// ReviewStatus is the state of a customer's application.
type ReviewStatus int

// Review states. The zero value means no application was submitted
// (review_result absent).
const (
	ReviewNotSubmitted ReviewStatus = iota
	ReviewPending                   // 0: under review
	ReviewRejected                  // 1: rejected; see Review.Opinion
	ReviewApproved                  // 2: approved
)

// String names the state.
func (r ReviewStatus) String() string {
	switch r {
	case ReviewNotSubmitted:
		return "not submitted"
	case ReviewPending:
		return "under review"
	case ReviewRejected:
		return "rejected"
	case ReviewApproved:
		return "approved"
	}
	return fmt.Sprintf("ReviewStatus(%d)", int(r))
}

// Review is a customer's review result.
type Review struct {
	Status ReviewStatus
	// Opinion is the reviewer's comment on a rejection.
	Opinion string
	core.ResponseMeta
}

type reviewQuery struct {
	CustomerID string `url:"customer_id"`
}

type reviewWire struct {
	ReviewResult *int   `json:"review_result"`
	Opinion      string `json:"opinion"`
}

// ReviewResult returns the review state of the customer's application.
//
// API: GET /v2/customers/realname-auths/result (ShowRealnameAuthenticationReviewResult).
// A query: retried.
func (s *Service) ReviewResult(ctx context.Context, customerID string) (*Review, error) {
	var v core.Validator
	v.Required("customer_id", customerID, maxID)
	if err := invalid(&v, opResult.Name); err != nil {
		return nil, err
	}
	var w reviewWire
	meta, err := s.r.Do(ctx, &opResult, &reviewQuery{CustomerID: customerID}, &w)
	if err != nil {
		return nil, classify(err, nil)
	}
	r := &Review{Opinion: w.Opinion, ResponseMeta: meta}
	if w.ReviewResult != nil {
		switch *w.ReviewResult {
		case 0:
			r.Status = ReviewPending
		case 1:
			r.Status = ReviewRejected
		case 2:
			r.Status = ReviewApproved
		default:
			return nil, &core.OperationError{Service: opResult.Service, Operation: opResult.Name, RequestID: meta.RequestID,
				Attempts: meta.Attempts, Err: fmt.Errorf("unknown review_result %d", *w.ReviewResult)}
		}
	}
	return r, nil
}

// Polling defaults of WaitForReview. Reviews are done by people.
const (
	DefaultPollInterval    = 10 * time.Second
	DefaultMaxPollInterval = 5 * time.Minute
)

// WaitOptions tunes WaitForReview. Zero values take the defaults.
type WaitOptions struct {
	// Interval is the first wait between two polls; each next wait doubles.
	Interval time.Duration
	// MaxInterval caps the wait.
	MaxInterval time.Duration
}

// ErrNotSubmitted: WaitForReview found no application for the customer.
var ErrNotSubmitted = errors.New("no real-name application for this customer")

// WaitForReview polls ReviewResult, waiting longer each time, until the
// application is approved or rejected (the Review says which, with the
// reviewer's opinion), the context ends, or a poll fails. When the
// context ends it returns the last review seen with the context's error.
func (s *Service) WaitForReview(ctx context.Context, customerID string, opts *WaitOptions) (*Review, error) {
	var o WaitOptions
	if opts != nil {
		o = *opts
	}
	var v core.Validator
	v.Check(o.Interval >= 0, "interval", "must not be negative")
	v.Check(o.MaxInterval >= 0, "max_interval", "must not be negative")
	v.Required("customer_id", customerID, maxID)
	if err := invalid(&v, opResult.Name); err != nil {
		return nil, err
	}
	if o.Interval == 0 {
		o.Interval = DefaultPollInterval
	}
	if o.MaxInterval == 0 {
		o.MaxInterval = max(DefaultMaxPollInterval, o.Interval)
	}
	wait := min(o.Interval, o.MaxInterval)
	var last *Review
	for {
		r, err := s.ReviewResult(ctx, customerID)
		if err != nil {
			if ctx.Err() != nil && last != nil {
				return last, ctx.Err()
			}
			return last, err
		}
		switch r.Status {
		case ReviewApproved, ReviewRejected:
			return r, nil
		case ReviewNotSubmitted:
			return r, ErrNotSubmitted
		}
		last = r
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, o.MaxInterval)
	}
}
