package cli

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
)

// pageFlags select a slice of a long list.
type pageFlags struct {
	offset, limit int
}

func (p *pageFlags) register(cmd *cobra.Command, noun string) {
	cmd.Flags().IntVar(&p.offset, "offset", 0, "skip this many "+noun+" first")
	cmd.Flags().IntVar(&p.limit, "limit", 0, "print at most this many "+noun+" (0: all)")
}

func (p *pageFlags) check() error {
	if p.offset < 0 || p.limit < 0 {
		return usageError("--offset and --limit cannot be negative")
	}
	return nil
}

// pageSize is what each request asks for: the API's maximum, or less
// when fewer are wanted.
func (p *pageFlags) pageSize() int {
	if p.limit > 0 && p.limit < 100 {
		return p.limit
	}
	return 100
}

// plainEvery is how often progress is reported as a line when stderr is
// not a terminal.
const plainEvery = 1000

// progress reports long reads on stderr: a bar on a terminal, a line every
// plainEvery items otherwise.
type progress struct {
	a    *app
	noun string
	n    int
	bar  *progressbar.ProgressBar
}

func (a *app) progress(noun string) *progress {
	p := &progress{a: a, noun: noun}
	if a.env.StderrTerminal {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(a.env.Stderr),
			progressbar.OptionSetDescription("reading "+noun),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString(noun),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100*time.Millisecond),
			// Redrawn on each item only: no goroutine of its own that
			// could write after the list is done.
			progressbar.OptionSetSpinnerChangeInterval(0),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

func (p *progress) add() {
	p.n++
	if p.bar != nil {
		_ = p.bar.Add(1)
	} else if p.n%plainEvery == 0 {
		p.a.note("hwpartner: %d %s read", p.n, p.noun)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// listAll prints every item of seq (from pf.offset, up to pf.limit) through
// l. When interrupted or failed it keeps what was printed and says where
// to continue.
func listAll[T any](a *app, l *output.List, noun string, pf *pageFlags, seq iter.Seq2[T, error], row func(T) error) error {
	pr := a.progress(noun)
	var failed error
	for item, err := range seq {
		if err != nil {
			failed = err
			break
		}
		if err := row(item); err != nil {
			failed = err
			break
		}
		pr.add()
		if pf.limit > 0 && l.Len() >= pf.limit {
			break
		}
	}
	pr.finish()
	if err := l.Close(); err != nil && failed == nil {
		failed = err
	}
	if failed != nil {
		if errors.Is(failed, context.Canceled) && a.ctx.Err() != nil {
			a.note("hwpartner: interrupted after %s; run the same command with --offset %d to continue",
				plural(l.Len(), noun1(noun), noun), pf.offset+l.Len())
			return reported(ExitInterrupted)
		}
		if l.Len() > 0 {
			a.note("hwpartner: stopped after %s; run the same command with --offset %d to continue", plural(l.Len(), noun1(noun), noun), pf.offset+l.Len())
		}
		return failed
	}
	if l.Len() == 0 && a.printer.Format() == output.Table {
		a.note("no %s found", noun)
	}
	return nil
}

// noun1 is the singular of a plural noun used here.
func noun1(noun string) string {
	if n := len(noun); n > 1 && noun[n-1] == 's' {
		return noun[:n-1]
	}
	return noun
}
