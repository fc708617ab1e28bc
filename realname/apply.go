package realname

import (
	"context"

	"github.com/hwpartner/go-hwpartner/core"
)

// Upload stores files in the bucket under download/, in order, and
// returns them as attachments for an application. Every file is checked
// first (at most 4; allowed paths; content that is a jpg, jpeg, bmp, png,
// gif or pdf by its magic bytes and matches its extension; at most 10 MB
// when its size can be known); a *core.ValidationError names every bad
// file and nothing is uploaded. A file of unknown size that crosses
// 10 MB while streaming fails with ErrFileTooLarge and leaves no object.
//
// On failure the *UploadError lists the files already stored. Storing an
// object again under the same path replaces it, so uploads are safe to
// repeat; the Bucket decides whether it retries.
func (s *Service) Upload(ctx context.Context, bucket Bucket, files ...File) ([]Attachment, error) {
	var v core.Validator
	v.Check(bucket != nil, "bucket", "is required")
	prep, err := prepare(&v, files, true)
	if err != nil {
		return nil, err
	}
	if err := invalid(&v, "PutObject"); err != nil {
		rewind(prep)
		return nil, err
	}
	return upload(ctx, bucket, prep)
}

// SubmitError reports a submission that failed after its files were
// uploaded. When it was refused, submit again with Uploaded as the params'
// Files instead of uploading them again. When its outcome is unknown
// (core.IsOutcomeUnknown), it may have been submitted: read ReviewResult
// before submitting again.
type SubmitError struct {
	Uploaded []Attachment
	Err      error
}

// Error lists the uploaded files and what to do next.
func (e *SubmitError) Error() string {
	next := " but the application was not submitted (submit again with these files instead of uploading them again): "
	if core.IsOutcomeUnknown(e.Err) {
		next = " but the submission's outcome is unknown: it may have been submitted, so read ReviewResult before submitting again" +
			" (if it was not, submit with these files instead of uploading them again): "
	}
	return "hwpartner: realname: uploaded " + listPaths(e.Uploaded) + next + errText(e.Err)
}

// errText is err's text, for error values built by hand without a cause.
func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// Unwrap returns the submission's error.
func (e *SubmitError) Unwrap() error { return e.Err }

// ApplyIndividual uploads files in the order the certificate requires and
// submits the individual's application: the one-call form of Upload and
// SubmitIndividual. p.Files must be empty; they come from files (role and
// path). Everything is checked before the first upload. A failed upload
// returns an *UploadError, a failed submission a *SubmitError; both list
// what was uploaded. p is not modified.
//
// API: OBS PUT Object for each file, then POST /v2/customers/realname-auths/individual
// (CreatePersonalRealnameAuth). The submission is not retried once it may have
// reached the server.
func (s *Service) ApplyIndividual(ctx context.Context, bucket Bucket, p *IndividualParams, files ...File) (*SubmitResult, error) {
	if p == nil {
		return nil, missing(opIndividual.Name)
	}
	cp := *p
	var v core.Validator
	cp.Files = attachmentsOf(&v, p.Files, files)
	cp.check(&v, s.site())
	done, err := s.uploadChecked(ctx, &v, opIndividual.Name, bucket, files)
	if err != nil {
		return nil, err
	}
	cp.Files = done
	res, err := s.SubmitIndividual(ctx, &cp)
	if err != nil {
		return nil, &SubmitError{Uploaded: done, Err: err}
	}
	return res, nil
}

// ApplyEnterprise uploads files and submits an enterprise application,
// as ApplyIndividual does for individuals.
//
// API: OBS PUT Object for each file, then POST /v2/customers/realname-auths/enterprise
// (CreateEnterpriseRealnameAuthentication). Not retried once it may have reached the server.
func (s *Service) ApplyEnterprise(ctx context.Context, bucket Bucket, p *EnterpriseParams, files ...File) (*SubmitResult, error) {
	return s.applyEnterprise(ctx, &opEnterprise, bucket, p, files)
}

// ApplyChangeToEnterprise uploads files and submits an
// individual→enterprise change, as ApplyIndividual does for individuals.
//
// API: OBS PUT Object for each file, then PUT /v2/customers/realname-auths/enterprise
// (ChangeEnterpriseRealnameAuthentication). Not retried once it may have reached the server.
func (s *Service) ApplyChangeToEnterprise(ctx context.Context, bucket Bucket, p *EnterpriseParams, files ...File) (*SubmitResult, error) {
	return s.applyEnterprise(ctx, &opChange, bucket, p, files)
}

func (s *Service) applyEnterprise(ctx context.Context, op *core.Operation, bucket Bucket, p *EnterpriseParams, files []File) (*SubmitResult, error) {
	if p == nil {
		return nil, missing(op.Name)
	}
	cp := *p
	var v core.Validator
	cp.Files = attachmentsOf(&v, p.Files, files)
	cp.check(&v, op == &opChange)
	done, err := s.uploadChecked(ctx, &v, op.Name, bucket, files)
	if err != nil {
		return nil, err
	}
	cp.Files = done
	res, err := s.enterprise(ctx, op, &cp)
	if err != nil {
		return nil, &SubmitError{Uploaded: done, Err: err}
	}
	return res, nil
}

func attachmentsOf(v *core.Validator, given []Attachment, files []File) []Attachment {
	v.Check(len(given) == 0, "verified_file_url", "must be empty: the files to upload give it")
	out := make([]Attachment, len(files))
	for i, f := range files {
		out[i] = Attachment{Role: f.Role, Path: f.Path}
	}
	return out
}

// uploadChecked adds the files' own checks to v's, and uploads only when
// there is no problem at all.
func (s *Service) uploadChecked(ctx context.Context, v *core.Validator, op string, bucket Bucket, files []File) ([]Attachment, error) {
	v.Check(bucket != nil, "bucket", "is required")
	prep, err := prepare(v, files, false)
	if err != nil {
		return nil, err
	}
	if err := invalid(v, op); err != nil {
		rewind(prep)
		return nil, err
	}
	return upload(ctx, bucket, prep)
}
