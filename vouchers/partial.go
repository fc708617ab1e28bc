package vouchers

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/hwpartner/go-hwpartner/core"
)

// Failure is one item of a batch call that the API refused (ErrorDetail).
type Failure struct {
	// ID is the reseller id (Issue) or the reseller quota id (Reclaim).
	ID string `json:"id"`
	// Code is the API's error code, such as "CBC.99000012" (the quota does
	// not exist or is in a wrong state).
	Code    string `json:"error_code"`
	Message string `json:"error_msg"`
}

// PartialError is returned, next to a non-nil result, when a batch call
// was answered but not every item succeeded: some were refused (Failures)
// or the answer did not mention them (Unreported, whose outcome is
// unknown). The successes are in the result.
//
// errors.Is matches the class of any failed item (for example
// hwpartner.ErrInsufficientBalance), and ErrOutcomeUnknown when an item
// went unreported. errors.As finds the first failure as a *core.Error.
type PartialError struct {
	// Operation is "UpdateCouponQuotas" or "ReclaimCouponQuotas".
	Operation string
	// Items is how many items the call carried.
	Items      int
	Failures   []Failure
	Unreported []string
}

// maxListed bounds how many items the error text names.
const maxListed = 3

// Error says how many items failed and names the first few.
func (e *PartialError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hwpartner: vouchers.%s: %d of %s failed", e.Operation, len(e.Failures), plural(e.Items, "item", "items"))
	for i, f := range e.Failures {
		if i == maxListed {
			fmt.Fprintf(&b, ", and %d more", len(e.Failures)-maxListed)
			break
		}
		sep := ": "
		if i > 0 {
			sep = ", "
		}
		fmt.Fprintf(&b, "%s%s %s", sep, f.ID, f.Code)
		if f.Message != "" {
			fmt.Fprintf(&b, " (%s)", f.Message)
		}
	}
	if n := len(e.Unreported); n > 0 {
		fmt.Fprintf(&b, "; %s missing from the answer, outcome unknown: %s", plural(n, "item", "items"), strings.Join(clipIDs(e.Unreported), ", "))
	}
	return b.String()
}

func clipIDs(ids []string) []string {
	if len(ids) <= maxListed {
		return ids
	}
	out := append([]string(nil), ids[:maxListed]...)
	return append(out, fmt.Sprintf("and %d more", len(ids)-maxListed))
}

// Unwrap returns each failure as a *core.Error, and ErrOutcomeUnknown
// when items went unreported.
func (e *PartialError) Unwrap() []error {
	errs := make([]error, 0, len(e.Failures)+1)
	for _, f := range e.Failures {
		errs = append(errs, &core.Error{
			StatusCode: http.StatusOK, Code: f.Code, Message: f.Message,
			Service: "vouchers", Operation: e.Operation,
		})
	}
	if len(e.Unreported) > 0 {
		errs = append(errs, core.ErrOutcomeUnknown)
	}
	return errs
}

// batchAnswer is the body of both batch calls.
type batchAnswer[S any] struct {
	Failures  []Failure `json:"error_details"`
	Successes []S       `json:"simple_quota_infos"`
}

// settle compares the answer with what was sent. Items reported neither as
// a success nor as a failure are returned as unreported. The ids sent are
// distinct: validation refuses repeats. The failures' messages are cleaned
// of echoed credentials (r knows its own).
func settle[S any](r core.Requester, sent []string, ans *batchAnswer[S], successID func(S) string) []string {
	reported := make(map[string]bool, len(ans.Successes)+len(ans.Failures))
	for _, s := range ans.Successes {
		reported[successID(s)] = true
	}
	for i := range ans.Failures {
		ans.Failures[i].Message = core.RedactFor(r, ans.Failures[i].Message)
		reported[ans.Failures[i].ID] = true
	}
	var missing []string
	for _, id := range sent {
		if !reported[id] {
			missing = append(missing, id)
		}
	}
	return missing
}

// newPartial returns the PartialError for answered items, or nil when
// every item succeeded.
func newPartial(op *core.Operation, items int, failures []Failure, unreported []string) *PartialError {
	if len(failures) == 0 && len(unreported) == 0 {
		return nil
	}
	return &PartialError{Operation: op.Name, Items: items, Failures: failures, Unreported: unreported}
}

// asError keeps a nil *PartialError from becoming a non-nil error.
func asError(pe *PartialError) error {
	if pe == nil {
		return nil
	}
	return pe
}

// failedIDs lists the ids of failures.
func failedIDs(fs []Failure) []string {
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	return ids
}

// plural counts n of a noun: "1 batch", "2 batches".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
