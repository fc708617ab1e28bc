package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/vouchers"
)

func (a *app) quotasCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "quotas",
		Short: "Voucher quotas: list, issue to resellers, reclaim, audit",
		Long: `Huawei gives a distributor voucher quotas; the distributor issues parts of
them to resellers (each part becomes a reseller quota), reclaims what is left
and audits both. Issue and reclaim move value: they are confirmed first and
never sent twice.`,
		Example: `  hwpartner quotas list
  hwpartner quotas issue 2025010100000001 100.00 RESELLER1 RESELLER2
  hwpartner quotas issued --reseller 0977ffa9f20010790f0fc003f6900520
  hwpartner quotas reclaim RESELLER_QUOTA_ID
  hwpartner quotas records --type issue`,
	}
	cmd.AddCommand(a.quotasListCmd(), a.quotasIssueCmd(), a.quotasReclaimCmd(), a.quotasIssuedCmd(), a.quotasRecordsCmd())
	return cmd
}

func quotaMoney(q vouchers.Quota, v hwpartner.Amount) output.Money {
	return money(v, q.Currency, q.MeasureID)
}

func limitsText(ls []vouchers.Limit) []string {
	var out []string
	for _, l := range ls {
		for _, v := range l.Values {
			s := l.Key + "=" + v.Value1
			if v.Value2 != "" {
				s += " (" + v.Value2 + ")"
			}
			out = append(out, s)
		}
	}
	return out
}

func parseStatus(s string) (vouchers.Status, error) {
	switch s {
	case "normal":
		return vouchers.StatusNormal, nil
	case "invalid":
		return vouchers.StatusInvalid, nil
	case "adjusting":
		return vouchers.StatusAdjusting, nil
	case "frozen":
		return vouchers.StatusFrozen, nil
	}
	return 0, usageError("--status %q: use normal, invalid, adjusting or frozen", s)
}

func (a *app) quotasListCmd() *cobra.Command {
	var (
		pf       pageFlags
		reseller string
		ids      []string
		statuses []string
		typ      string
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your voucher quotas, or a reseller's",
		Example: `  hwpartner quotas list
  hwpartner quotas list --status normal --type cash-coupon
  hwpartner quotas list --reseller 0977ffa9f20010790f0fc003f6900520 -o json`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			p := &vouchers.QuotasParams{ResellerID: reseller, QuotaIDs: ids}
			for _, s := range statuses {
				st, err := parseStatus(s)
				if err != nil {
					return err
				}
				p.Statuses = append(p.Statuses, st)
			}
			switch typ {
			case "":
			case "cash-voucher":
				p.Type = core.Ptr(vouchers.CashVoucherQuota)
			case "cash-coupon":
				p.Type = core.Ptr(vouchers.CashCouponQuota)
			default:
				return usageError("--type %q: use cash-voucher or cash-coupon", typ)
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			l := a.printer.List(
				output.Col("id", "Quota", output.KText),
				output.Col("type", "Type", output.KText),
				output.Col("status", "Status", output.KText),
				output.Col("value", "Value", output.KMoney),
				output.Col("balance", "Balance", output.KMoney),
				output.Col("effective", "Effective", output.KTime),
				output.Col("expires", "Expires", output.KTime),
				output.Col("limits", "Limits", output.KList),
			)
			return listAll(a, l, "quotas", &pf, c.Vouchers.QuotasIter(a.ctx, p), func(q vouchers.Quota) error {
				return l.Row(q.ID, q.Type.String(), q.Status.String(), quotaMoney(q, q.Value), quotaMoney(q, q.Balance),
					q.Effective.Time, q.Expires.Time, limitsText(q.Limits))
			})
		},
	}
	pf.register(cmd, "quotas")
	cmd.Flags().StringVar(&reseller, "reseller", "", "list this reseller's quotas instead of yours")
	cmd.Flags().StringSliceVar(&ids, "id", nil, "only these quota ids (repeatable, at most 50)")
	cmd.Flags().StringSliceVar(&statuses, "status", nil, "only quotas in these statuses: normal, invalid, adjusting, frozen")
	cmd.Flags().StringVar(&typ, "type", "", "cash-voucher (the API's default) or cash-coupon")
	_ = cmd.RegisterFlagCompletionFunc("status", fixedCompletion("normal", "invalid", "adjusting", "frozen"))
	_ = cmd.RegisterFlagCompletionFunc("type", fixedCompletion("cash-voucher", "cash-coupon"))
	return cmd
}

func itemCols(idKey, idHeader string) []output.Column {
	return []output.Column{
		output.Col(idKey, idHeader, output.KText),
		output.Col("status", "Status", output.KText),
		output.Col("quota_id", "New quota", output.KText),
		output.Col("error_code", "Code", output.KText),
		output.Col("error_msg", "Message", output.KText),
	}
}

func (a *app) quotasIssueCmd() *cobra.Command {
	var (
		m    moneyFlags
		file string
	)
	cmd := &cobra.Command{
		Use:   "issue QUOTA AMOUNT [RESELLER...]",
		Short: "Give AMOUNT of your quota QUOTA to each reseller",
		Long: `Give AMOUNT yuan from your quota QUOTA to each reseller, in batches of 100
(one API call each, sent one after the other). Reseller ids come from the
arguments and/or --file (one per line, "-" for stdin); an id listed twice is
refused before anything is sent.

The answer is item by item: the command lists every reseller with its
outcome (issued, refused, unknown, not_sent) and exits with 0 when all were
issued, 4 when some were refused, 3 when any outcome is unknown (check the
records before issuing to those again), 1 when nothing was issued. A batch
that is refused as a whole or whose answer is lost stops the run; the later
batches are not sent.`,
		Example: `  hwpartner quotas issue 2025010100000001 100.00 0977ffa9f20010790f0fc003f6900520 1b2c3d4e5f60718293a4b5c6d7e8f901
  hwpartner quotas issue 2025010100000001 50 --file campaign-resellers.txt --yes -o csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageError("quotas issue takes QUOTA AMOUNT and reseller ids (or --file)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			amount, err := parseAmount("AMOUNT", args[1])
			if err != nil {
				return err
			}
			ids, err := a.readIDs(args[2:], file)
			if err != nil {
				return err
			}
			p := &vouchers.IssueParams{QuotaID: args[0], ResellerIDs: ids, Amount: amount}
			reqs, err := a.plan(func(r core.Requester) error {
				_, err := vouchers.NewService(r).IssueInBatches(a.ctx, p)
				return err
			})
			if err != nil {
				return err
			}
			if m.dryRun {
				return a.showRequests(reqs)
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			total := hwpartner.AmountFromCents(0)
			for range ids {
				total = total.Add(amount)
			}
			summary := fmt.Sprintf("Issue %s CNY of quota %s to each of %s (%s CNY in all), in %s.",
				amount, p.QuotaID, plural(len(ids), "reseller", "resellers"), total, plural(len(reqs), "call", "calls"))
			if err := a.confirm(&m, summary, reqs); err != nil {
				return err
			}
			since := time.Now().Add(-5 * time.Minute)
			res, err := c.Vouchers.IssueInBatches(a.ctx, p)
			return a.reportIssue(cmd, p, res, err, since)
		},
	}
	m.register(cmd)
	cmd.Flags().StringVar(&file, "file", "", `file of reseller ids, one per line ("-": stdin)`)
	return cmd
}

// reportIssue lists every reseller of an issue run with its outcome.
func (a *app) reportIssue(cmd *cobra.Command, p *vouchers.IssueParams, res *vouchers.IssueBatchesResult, err error, since time.Time) error {
	var be *vouchers.BatchError
	var pe *vouchers.PartialError
	if res == nil || (err != nil && !errors.As(err, &be) && !errors.As(err, &pe)) {
		a.explain("issue", err, a.commandLine(cmd, "quotas", "records", "--parent", p.QuotaID, "--type", "issue", "--from", utcStamp(since)))
		return a.exitFor(err)
	}
	type outcome struct{ status, quota, code, msg string }
	out := map[string]outcome{}
	for _, i := range res.Issued {
		out[i.ResellerID] = outcome{status: "issued", quota: i.QuotaID}
	}
	for _, f := range res.Failures {
		out[f.ID] = outcome{status: "refused", code: f.Code, msg: f.Message}
	}
	for _, b := range res.Batches {
		if b.Status != vouchers.BatchFailed {
			continue
		}
		for _, id := range b.ResellerIDs {
			out[id] = outcome{status: "refused", code: errorCode(b.Err), msg: message(b.Err)}
		}
	}
	for _, id := range res.Unknown() {
		out[id] = outcome{status: "unknown"}
	}
	for _, id := range res.NotSent() {
		out[id] = outcome{status: "not_sent"}
	}
	counts := map[string]int{}
	l := a.printer.List(itemCols("reseller", "Reseller")...)
	for _, id := range p.ResellerIDs {
		o := out[id]
		counts[o.status]++
		if err := l.Row(id, o.status, o.quota, o.code, o.msg); err != nil {
			return err
		}
	}
	if err := l.Close(); err != nil {
		return err
	}
	a.note("issued %d, refused %d, unknown %d, not sent %d", counts["issued"], counts["refused"], counts["unknown"], counts["not_sent"])
	if be != nil {
		a.note("hwpartner: the run stopped at batch %d of %d: %s", be.Index+1, be.Batches, message(be.Err))
	}
	switch {
	case counts["unknown"] > 0:
		check := a.commandLine(cmd, "quotas", "records", "--parent", p.QuotaID, "--type", "issue", "--from", utcStamp(since))
		if l := res.Lookup(); l != nil {
			args := append([]string{"resolve", "quota-issue", l.QuotaID, l.Amount.String()}, l.ResellerIDs...)
			check = a.commandLine(cmd, append(args, startedFlags(l.Started, l.Aligned)...)...)
		}
		a.note("Some resellers may or may not have received quota. Do not issue to them again before checking:\n  %s", check)
		return reported(ExitUnknown)
	case counts["issued"] == len(p.ResellerIDs):
		return nil
	case counts["not_sent"] > 0 && counts["refused"] == 0 && counts["issued"] > 0:
		a.note("The resellers marked not_sent were never sent: issue to them again.")
		return reported(ExitPartial)
	case counts["issued"] == 0:
		a.note("Nothing was issued.")
		if a.ctx.Err() != nil {
			return reported(ExitInterrupted)
		}
		return reported(ExitFailed)
	}
	a.note("Refused and not_sent resellers received nothing: fix the cause and issue to them again.")
	return reported(ExitPartial)
}

func (a *app) quotasReclaimCmd() *cobra.Command {
	var (
		m      moneyFlags
		remark string
	)
	cmd := &cobra.Command{
		Use:   "reclaim RESELLER_QUOTA...",
		Short: "Take back what is left of reseller quotas",
		Long: `Take the unused balance of up to 10 reseller quotas (the ids 'quotas issue'
printed, or 'quotas issued' lists) back into the quotas they were issued from.
Outcomes are listed per quota, with the exit codes of 'quotas issue'. The
amounts that went back are in 'hwpartner quotas records --type reclaim'.`,
		Example: `  hwpartner quotas reclaim 2025030100000007
  hwpartner quotas reclaim 2025030100000007 2025030100000008 --remark "campaign ended" --yes`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("quotas reclaim takes 1 to 10 reseller quota ids")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			p := &vouchers.ReclaimParams{QuotaIDs: args}
			if cmd.Flags().Changed("remark") {
				p.Remark = &remark
			}
			reqs, err := a.plan(func(r core.Requester) error {
				_, err := vouchers.NewService(r).Reclaim(a.ctx, p)
				return err
			})
			if err != nil {
				return err
			}
			if m.dryRun {
				return a.showRequests(reqs)
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			summary := fmt.Sprintf("Reclaim what is left of %s into the quotas they were issued from.", plural(len(args), "reseller quota", "reseller quotas"))
			if err := a.confirm(&m, summary, reqs); err != nil {
				return err
			}
			since := time.Now().Add(-5 * time.Minute)
			var res *vouchers.ReclaimResult
			err = a.sendOnce(func(ctx context.Context) error {
				var err error
				res, err = c.Vouchers.Reclaim(ctx, p)
				return err
			})
			var ee *exitError
			if errors.As(err, &ee) {
				return err
			}
			check := a.commandLine(cmd, "quotas", "records", "--type", "reclaim", "--from", utcStamp(since))
			lookup := func(l *vouchers.ResolveParams) {
				if l != nil {
					args := append([]string{"resolve", "quota-reclaim"}, l.QuotaIDs...)
					check = a.commandLine(cmd, append(args, startedFlags(l.Started, l.Aligned)...)...)
				}
			}
			var ou *vouchers.OutcomeUnknownError
			if errors.As(err, &ou) {
				lookup(&ou.Lookup)
			} else if res != nil {
				lookup(res.Lookup)
			}
			var pe *vouchers.PartialError
			if res == nil || (err != nil && !errors.As(err, &pe)) {
				a.explain("reclaim", err, check)
				return a.exitFor(err)
			}
			out := map[string][3]string{}
			for _, r := range res.Reclaimed {
				out[r.QuotaID] = [3]string{"reclaimed"}
			}
			for _, f := range res.Failures {
				out[f.ID] = [3]string{"refused", f.Code, f.Message}
			}
			for _, id := range res.Unreported {
				out[id] = [3]string{"unknown"}
			}
			counts := map[string]int{}
			l := a.printer.List(
				output.Col("quota_id", "Quota", output.KText),
				output.Col("status", "Status", output.KText),
				output.Col("error_code", "Code", output.KText),
				output.Col("error_msg", "Message", output.KText),
			)
			for _, id := range args {
				o := out[id]
				counts[o[0]]++
				if err := l.Row(id, o[0], o[1], o[2]); err != nil {
					return err
				}
			}
			if err := l.Close(); err != nil {
				return err
			}
			switch {
			case counts["unknown"] > 0:
				a.note("Some quotas may or may not have been reclaimed. Check before reclaiming them again:\n  %s", check)
				return reported(ExitUnknown)
			case counts["reclaimed"] == len(args):
				return nil
			case counts["reclaimed"] == 0:
				a.note("Nothing was reclaimed.")
				return reported(ExitFailed)
			}
			return reported(ExitPartial)
		},
	}
	m.register(cmd)
	cmd.Flags().StringVar(&remark, "remark", "", "remark stored with the reclaim records")
	return cmd
}

func (a *app) quotasIssuedCmd() *cobra.Command {
	var (
		pf                      pageFlags
		reseller, quota, parent string
	)
	cmd := &cobra.Command{
		Use:   "issued",
		Short: "List the quotas you issued to resellers",
		Example: `  hwpartner quotas issued
  hwpartner quotas issued --reseller 0977ffa9f20010790f0fc003f6900520
  hwpartner quotas issued --parent 2025010100000001 -o csv`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			p := &vouchers.IssuedParams{QuotaID: quota, ResellerID: reseller}
			if cmd.Flags().Changed("parent") {
				p.ParentQuotaID = &parent
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			l := a.printer.List(
				output.Col("id", "Quota", output.KText),
				output.Col("reseller_id", "Reseller", output.KText),
				output.Col("reseller_name", "Name", output.KText),
				output.Col("parent_quota_id", "From quota", output.KText),
				output.Col("status", "Status", output.KText),
				output.Col("value", "Value", output.KMoney),
				output.Col("balance", "Balance", output.KMoney),
				output.Col("expires", "Expires", output.KTime),
			)
			return listAll(a, l, "quotas", &pf, c.Vouchers.IssuedIter(a.ctx, p), func(q vouchers.IssuedQuota) error {
				return l.Row(q.ID, q.ResellerID, q.ResellerName, q.ParentQuotaID, q.Status.String(),
					quotaMoney(q.Quota, q.Value), quotaMoney(q.Quota, q.Balance), q.Expires.Time)
			})
		},
	}
	pf.register(cmd, "quotas")
	cmd.Flags().StringVar(&reseller, "reseller", "", "only this reseller's quotas")
	cmd.Flags().StringVar(&quota, "quota", "", "only this reseller quota")
	cmd.Flags().StringVar(&parent, "parent", "", `only quotas issued from this quota of yours ("" is a filter value too)`)
	return cmd
}

func (a *app) quotasRecordsCmd() *cobra.Command {
	var (
		pf                                 pageFlags
		reseller, quota, parent, typ, f, t string
	)
	cmd := &cobra.Command{
		Use:   "records",
		Short: "List quota issue and reclaim records",
		Example: `  hwpartner quotas records
  hwpartner quotas records --type reclaim --from 2025-03-01
  hwpartner quotas records --parent 2025010100000001 --type issue -o json`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			p := &vouchers.RecordsParams{ResellerID: reseller, QuotaID: quota}
			if cmd.Flags().Changed("parent") {
				p.ParentQuotaID = &parent
			}
			switch typ {
			case "":
			case "issue":
				p.Operation = vouchers.OperationIssue
			case "reclaim":
				p.Operation = vouchers.OperationReclaim
			default:
				return usageError("--type %q: use issue or reclaim", typ)
			}
			var err error
			if p.OperatedAfter, p.OperatedBefore, err = a.parseRange("", f, t); err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			l := a.printer.List(
				output.Col("operation_time", "Time", output.KTime),
				output.Col("operation", "Operation", output.KText),
				output.Col("result", "Result", output.KText),
				output.Col("quota_id", "Quota", output.KText),
				output.Col("parent_quota_id", "From quota", output.KText),
				output.Col("reseller_id", "Reseller", output.KText),
				output.Col("amount", "Amount", output.KMoney),
				output.Col("operator", "Operator", output.KText),
				output.Col("remark", "Remark", output.KText),
			)
			return listAll(a, l, "records", &pf, c.Vouchers.RecordsIter(a.ctx, p), func(r vouchers.Record) error {
				return l.Row(r.Time.Time, r.Operation.String(), r.Result.String(), r.QuotaID, r.ParentQuotaID, r.ResellerID,
					money(r.Amount, "CNY", 1), r.Operator, r.Remark)
			})
		},
	}
	pf.register(cmd, "records")
	cmd.Flags().StringVar(&reseller, "reseller", "", "only this reseller's records")
	cmd.Flags().StringVar(&quota, "quota", "", "only the records of this reseller quota")
	cmd.Flags().StringVar(&parent, "parent", "", "only the records of this quota of yours")
	cmd.Flags().StringVar(&typ, "type", "", "issue or reclaim")
	cmd.Flags().StringVar(&f, "from", "", "operated at or after: "+timeHelp)
	cmd.Flags().StringVar(&t, "to", "", "operated at or before (a date includes the whole day)")
	_ = cmd.RegisterFlagCompletionFunc("type", fixedCompletion("issue", "reclaim"))
	return cmd
}
