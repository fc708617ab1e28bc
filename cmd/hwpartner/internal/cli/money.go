package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/core"
)

// request is one API call as the SDK would send it.
type request struct {
	op   core.Operation
	body json.RawMessage
}

// recorder is a core.Requester that validates and records calls instead
// of sending them. Running the SDK's own service over it shows the exact
// requests a command would send, batching included, with nothing sent.
// Only the calls that change something are recorded: a query the SDK
// makes first (such as the customer lookup of a customer transfer) gets
// its canned answer from answers, by operation name, or none.
type recorder struct {
	site    core.Site
	answers map[string]any
	calls   []request
}

func (r *recorder) Site() core.Site { return r.site }

func (r *recorder) Do(_ context.Context, op *core.Operation, params, out any) (core.ResponseMeta, error) {
	if v, ok := params.(interface{ Validate() error }); ok && !isNilPointer(params) {
		if err := v.Validate(); err != nil {
			return core.ResponseMeta{}, core.WithOperation(err, op)
		}
	}
	if !op.OnSite(r.site) {
		return core.ResponseMeta{}, &core.SiteError{Service: op.Service, Operation: op.Name, Site: r.site, Sites: op.Sites}
	}
	if !op.MovesMoney {
		if ans, ok := r.answers[op.Name]; ok && out != nil {
			b, err := json.Marshal(ans)
			if err != nil {
				return core.ResponseMeta{}, err
			}
			return core.ResponseMeta{}, json.Unmarshal(b, out)
		}
		return core.ResponseMeta{}, nil
	}
	body, err := json.Marshal(params)
	if err != nil {
		return core.ResponseMeta{}, err
	}
	r.calls = append(r.calls, request{op: *op, body: body})
	// No answer: the services report a missing one as unknown, which
	// the caller ignores once calls were recorded.
	return core.ResponseMeta{}, nil
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return v == nil || rv.Kind() == reflect.Pointer && rv.IsNil()
}

// plan runs call over a recorder: it returns the requests the call would
// send, or why it would send none (bad input).
func (a *app) plan(call func(core.Requester) error) ([]request, error) {
	return a.planAnswering(call, nil)
}

// planAnswering is plan for a call that makes queries first: answers are
// their canned answers, by operation name.
func (a *app) planAnswering(call func(core.Requester) error, answers map[string]any) ([]request, error) {
	c, err := a.connect()
	if err != nil {
		return nil, err
	}
	rec := &recorder{site: c.site, answers: answers}
	err = call(rec)
	var ve *hwpartner.ValidationError
	var se *core.SiteError
	if errors.As(err, &ve) || errors.As(err, &se) || len(rec.calls) == 0 {
		if err == nil {
			err = errors.New("nothing to send")
		}
		return nil, &exitError{code: ExitUsage, err: err}
	}
	return rec.calls, nil
}

func requestCols() []output.Column {
	return []output.Column{
		output.Col("operation", "Operation", output.KText),
		output.Col("method", "Method", output.KText),
		output.Col("path", "Path", output.KText),
		output.Col("body", "Body", output.KRaw),
	}
}

// showRequests prints the requests of a dry run.
func (a *app) showRequests(reqs []request) error {
	a.note("dry run: nothing was sent")
	if len(reqs) == 1 {
		r := reqs[0]
		return a.printer.Object(requestCols(), r.op.Name, r.op.Method, r.op.Path, r.body)
	}
	l := a.printer.List(requestCols()...)
	for _, r := range reqs {
		if err := l.Row(r.op.Name, r.op.Method, r.op.Path, r.body); err != nil {
			return err
		}
	}
	return l.Close()
}

// redactBody hides the values of keys in a flat JSON request body that is
// shown on screen: personal data a command sends but never prints. The
// other fields keep their order. A body it cannot read is hidden whole.
func redactBody(body json.RawMessage, keys ...string) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(body))
	hidden := json.RawMessage(`"` + redacted + `"`)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return hidden
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for dec.More() {
		t, err := dec.Token()
		k, ok := t.(string)
		var v json.RawMessage
		if err != nil || !ok || dec.Decode(&v) != nil {
			return hidden
		}
		if slices.Contains(keys, k) && string(v) != `""` {
			v = hidden
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		kb, _ := json.Marshal(k) // a string always marshals
		out.Write(kb)
		out.WriteByte(':')
		out.Write(v)
	}
	out.WriteByte('}')
	return out.Bytes()
}

// redacted stands in for personal data on screen, as in the SDK's values.
const redacted = "[REDACTED]"

// moneyFlags are the flags of every command that moves money or quota.
type moneyFlags struct {
	yes, dryRun bool
}

func (m *moneyFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVarP(&m.yes, "yes", "y", false, "send without asking (for scripts)")
	cmd.Flags().BoolVar(&m.dryRun, "dry-run", false, "validate and show the request without sending it")
}

// confirm shows what is about to be sent and asks on a terminal. Without
// a terminal it refuses unless --yes was given: a script must say so.
func (a *app) confirm(m *moneyFlags, summary string, reqs []request) error {
	if m.yes {
		return nil
	}
	w := a.env.Stderr
	if !a.env.StdinTerminal {
		fmt.Fprintln(w, summary)
		return usageError("not confirmed and no terminal to ask on: pass --yes to send it from a script, or --dry-run to see the request")
	}
	fmt.Fprintln(w, summary)
	for _, r := range reqs {
		fmt.Fprintf(w, "  %s %s %s\n", r.op.Method, r.op.Path, r.body)
	}
	if len(reqs) > 0 {
		fmt.Fprintln(w, "It is sent once: if its answer is lost, hwpartner does not resend it and tells you how to check.")
	}
	fmt.Fprint(w, "Send it? [y/N] ")
	line, err := a.readLine()
	if err != nil {
		fmt.Fprintln(w)
		if a.ctx.Err() != nil {
			a.note("interrupted: nothing was sent")
			return reported(ExitInterrupted)
		}
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	a.note("not confirmed: nothing was sent")
	return reported(ExitFailed)
}

// sendOnce runs one money call to its end even when Ctrl-C comes while it
// is in flight: abandoning it would only turn its answer into an unknown
// outcome. The SDK's per-attempt timeout still bounds it.
func (a *app) sendOnce(call func(ctx context.Context) error) error {
	if a.ctx.Err() != nil {
		a.note("interrupted: nothing was sent")
		return reported(ExitInterrupted)
	}
	finished, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-a.ctx.Done():
			a.note("hwpartner: interrupted: waiting for the answer to the request already sent")
		case <-finished:
		}
	}()
	err := call(context.WithoutCancel(a.ctx))
	close(finished)
	<-watched // its note is written before anything else is
	return err
}

// readLine reads one line of stdin, giving up when the run is interrupted
// (Ctrl-C at a prompt). One reader serves every prompt of a run, so input
// buffered by one is there for the next.
func (a *app) readLine() (string, error) {
	if a.stdin == nil {
		a.stdin = bufio.NewReader(a.env.Stdin)
	}
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := a.stdin.ReadString('\n')
		ch <- result{line, err}
	}()
	select {
	case res := <-ch:
		if res.err == io.EOF && res.line != "" {
			res.err = nil
		}
		return res.line, res.err
	case <-a.ctx.Done():
		return "", a.ctx.Err()
	}
}

// verdict is one of the SDK's three answers to a call that changes
// something: done, refused (nothing was carried out), or unknown.
type verdict int

const (
	done verdict = iota
	refused
	notSent
	unknown
)

func (v verdict) String() string {
	return [...]string{"done", "refused", "not_sent", "unknown"}[v]
}

func judge(err error) verdict {
	switch {
	case err == nil:
		return done
	case hwpartner.IsOutcomeUnknown(err):
		return unknown
	case hwpartner.IsNotSent(err):
		return notSent
	}
	return refused
}

// explain prints why a call failed and what that means for sending again;
// check is the command (or words) to find out after an unknown outcome.
func (a *app) explain(what string, err error, check string) {
	switch judge(err) {
	case unknown:
		a.note("hwpartner: outcome unknown: %s", message(err))
		a.note("The %s may or may not have been carried out. Do not send it again before checking:\n  %s", what, check)
	case notSent:
		a.note("hwpartner: not sent: %s", message(err))
		a.note("The request never reached the service: nothing was carried out, and it is safe to send again.")
	default:
		if errors.Is(err, context.Canceled) && a.ctx.Err() != nil {
			a.note("hwpartner: interrupted before the %s was sent: nothing was carried out", what)
			return
		}
		a.note("hwpartner: refused: %s", message(err))
		a.note("Nothing was carried out.")
	}
}

// exitFor is the exit code of a single call's verdict.
func (a *app) exitFor(err error) error {
	switch judge(err) {
	case done:
		return nil
	case unknown:
		return reported(ExitUnknown)
	}
	if errors.Is(err, context.Canceled) && a.ctx.Err() != nil {
		return reported(ExitInterrupted)
	}
	return reported(ExitFailed)
}

// errorCode is the API's error code of err, if it has one.
func errorCode(err error) string {
	var e *hwpartner.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
