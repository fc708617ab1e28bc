package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/incentives"
)

func (a *app) incentivesCmd() *cobra.Command {
	var catalogue string
	cmd := &cobra.Command{
		Use:   "incentives",
		Short: "Capability-improvement incentive rules, and discount and incentive policies",
		Long: `The capability-improvement incentive (能力提升激励) has no API: partners apply in
the Partner Center console. 'tags' and 'check' answer the questions before
that from the programme rules (no credentials needed): which level-1 tags
can apply, and whether a tag can still apply, with every reason and the
deadline. 'policies' reads the product discount and incentive policies.

The documented scope is built in; Huawei changes it, so --catalogue loads
your own JSON file (the SDK's incentives.LoadCatalogue format).`,
		Example: `  hwpartner incentives tags --region overseas
  hwpartner incentives check 数据库服务能力 --granted 2025-06-01 --region china --stage role-certification
  hwpartner incentives policies --month 2025-01`,
	}
	cmd.PersistentFlags().StringVar(&catalogue, "catalogue", "", "JSON catalogue of programme years and tags (default: the documented one)")
	load := func() (*incentives.Catalogue, error) {
		if catalogue == "" {
			return incentives.DefaultCatalogue(), nil
		}
		c, err := incentives.LoadCatalogue(catalogue)
		if err != nil {
			return nil, usageError("%v", err)
		}
		return c, nil
	}
	cmd.AddCommand(a.incentivesTagsCmd(load), a.incentivesCheckCmd(load), a.incentivesPoliciesCmd())
	return cmd
}

func parseRegion(s string) (incentives.Region, error) {
	r := incentives.Region(strings.ToLower(s))
	if !r.Valid() {
		return "", usageError("--region %q: use china or overseas", s)
	}
	return r, nil
}

// parseDay reads a day or a time for the incentive rules, whose days are
// China Standard Time.
func (a *app) parseDay(flag, s string) (time.Time, error) {
	if d, err := incentives.ParseDate(s); err == nil {
		return d.Start(), nil
	}
	return a.parseTime(flag, s, false)
}

func (a *app) incentivesTagsCmd(load func() (*incentives.Catalogue, error)) *cobra.Command {
	var region, at string
	var year int
	cmd := &cobra.Command{
		Use:   "tags",
		Short: "List the level-1 tags a partner in a region can apply with",
		Example: `  hwpartner incentives tags
  hwpartner incentives tags --region overseas --year 2025`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := parseRegion(region)
			if err != nil {
				return err
			}
			cat, err := load()
			if err != nil {
				return err
			}
			var prog incentives.Programme
			var ok bool
			switch {
			case year != 0:
				prog, ok = cat.Programme(year)
			default:
				when := a.env.now()
				if at != "" {
					if when, err = a.parseDay("at", at); err != nil {
						return err
					}
				}
				prog, ok = cat.ProgrammeAt(when)
			}
			if !ok {
				years := []string{}
				for _, p := range cat.Programmes() {
					years = append(years, strconv.Itoa(p.Year))
				}
				return usageError("the catalogue has no programme year for that time (it has %s); use --year or --catalogue", strings.Join(years, ", "))
			}
			a.note("programme year %d, region %s", prog.Year, r)
			if assumed := prog.Assumption(); assumed != "" {
				a.note("note: %s", assumed)
			}
			l := a.printer.List(
				output.Col("name_zh", "Tag", output.KText),
				output.Col("name_en", "English name", output.KText),
				output.Col("scope", "Scope", output.KText),
			)
			for _, t := range prog.EligibleTags(r) {
				if err := l.Row(t.NameZH, t.NameEN, t.Scope.String()); err != nil {
					return err
				}
			}
			return l.Close()
		},
	}
	cmd.Flags().StringVar(&region, "region", "china", "china or overseas")
	cmd.Flags().StringVar(&at, "at", "", "the programme year in force on this day (default: today)")
	cmd.Flags().IntVar(&year, "year", 0, "the programme year")
	_ = cmd.RegisterFlagCompletionFunc("region", fixedCompletion("china", "overseas"))
	return cmd
}

func (a *app) incentivesCheckCmd(load func() (*incentives.Catalogue, error)) *cobra.Command {
	var tier, region, stage, granted, at, name string
	var applied []string
	cmd := &cobra.Command{
		Use:   "check TAG --granted DAY --region REGION --stage STAGE",
		Short: "Can a partner apply for the incentive with this tag, and until when?",
		Long: `Check every rule of the capability-improvement incentive for one level-1 tag
(by its Chinese or English name): tier, role-certification stage, the tag's
region scope, the programme year it was granted in, the deadline (31 December
of that year, China Standard Time, inclusive) and one application per tag.
The answer lists each rule, met or not, and the days left.`,
		Example: `  hwpartner incentives check 数据库服务能力 --granted 2025-06-01 --region china --stage role-certification
  hwpartner incentives check "Database services" --granted 2025-06-01 --region overseas --stage joined --at 2025-11-20
  hwpartner incentives check 数据库服务能力 --granted 2025-06-01 --region china --stage role-certification --tier reseller -o json`,
		Args: exactArgs("TAG"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := incentives.Partner{Name: name, Applied: applied}
			switch tier {
			case "distributor":
				p.Tier = incentives.TierDistributor
			case "reseller":
				p.Tier = incentives.TierReseller
			default:
				return usageError("--tier %q: use distributor or reseller", tier)
			}
			var err error
			if p.Region, err = parseRegion(region); err != nil {
				return err
			}
			switch stage {
			case "not-joined":
				p.Stage = incentives.StageNotJoined
			case "joined":
				p.Stage = incentives.StageJoined
			case "role-certification":
				p.Stage = incentives.StageRoleCertification
			default:
				return usageError("--stage %q: use not-joined, joined or role-certification", stage)
			}
			if granted == "" {
				return usageError("--granted is required: the day the Partner Center granted the tag")
			}
			g, err := a.parseDay("granted", granted)
			if err != nil {
				return err
			}
			when := a.env.now()
			if at != "" {
				if when, err = a.parseDay("at", at); err != nil {
					return err
				}
			}
			cat, err := load()
			if err != nil {
				return err
			}
			d, err := cat.Check(p, incentives.ObtainedTag{Name: args[0], GrantedAt: g}, when)
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			kinds := make([]string, len(d.Kinds))
			for i, k := range d.Kinds {
				kinds[i] = k.String()
			}
			cols := []output.Column{
				output.Col("tag", "Tag", output.KText),
				output.Col("programme", "Programme year", output.KInt),
				output.Col("eligible", "Eligible", output.KBool),
				output.Col("deadline", "Deadline (CST)", output.KText),
				output.Col("days_left", "Days left", output.KInt),
				output.Col("incentives", "Incentives", output.KList),
			}
			deadline := ""
			if !d.Deadline.IsZero() {
				deadline = d.Deadline.String()
			}
			vals := []any{d.Tag.String(), d.Programme, d.Eligible, deadline, d.DaysLeft, kinds}
			for _, r := range d.Reasons {
				cols = append(cols, output.Col("rule_"+strings.ReplaceAll(r.Rule.String(), " ", "_"), "Rule: "+r.Rule.String(), output.KText))
				vals = append(vals, r.String())
			}
			return a.printer.Object(cols, vals...)
		},
	}
	cmd.Flags().StringVar(&tier, "tier", "distributor", "distributor (tier 1) or reseller (tier 2)")
	cmd.Flags().StringVar(&region, "region", "", "where the partner operates: china or overseas")
	cmd.Flags().StringVar(&stage, "stage", "", "Service Partner path stage: not-joined, joined or role-certification")
	cmd.Flags().StringVar(&granted, "granted", "", "the day the tag was granted (YYYY-MM-DD, China Standard Time)")
	cmd.Flags().StringVar(&at, "at", "", "check as of this day (default: now)")
	cmd.Flags().StringVar(&name, "partner", "", "the partner's name, for the record")
	cmd.Flags().StringSliceVar(&applied, "applied", nil, "tags already applied for, in any year (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("tier", fixedCompletion("distributor", "reseller"))
	_ = cmd.RegisterFlagCompletionFunc("region", fixedCompletion("china", "overseas"))
	_ = cmd.RegisterFlagCompletionFunc("stage", fixedCompletion("not-joined", "joined", "role-certification"))
	return cmd
}

func (a *app) incentivesPoliciesCmd() *cobra.Command {
	var (
		pf          pageFlags
		month, code string
	)
	cmd := &cobra.Command{
		Use:   "policies",
		Short: "List the product discount and incentive policies of a month",
		Example: `  hwpartner incentives policies
  hwpartner incentives policies --month 2025-01 --service-type hws.service.type.rds -o csv`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			m := incentives.MonthOf(a.env.now())
			if month != "" {
				var err error
				if m, err = incentives.ParseMonth(month); err != nil {
					return usageError("--month %q: use YYYY-MM", month)
				}
			}
			p := &incentives.DiscountPoliciesParams{Month: m}
			if cmd.Flags().Changed("service-type") {
				p.ServiceTypeCode = &code
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			p.Offset, p.Limit = pf.offset, pf.pageSize()
			a.note("policies in force at the end of %s (China Standard Time)", m)
			l := a.printer.List(
				output.Col("service_type_code", "Service type", output.KText),
				output.Col("service_type_name", "Name", output.KText),
				output.Col("incentive_policy", "Incentive policy", output.KText),
				output.Col("allow_discount", "Partner discount", output.KText),
			)
			return listAll(a, l, "policies", &pf, c.Incentives.DiscountPoliciesIter(a.ctx, p), func(x incentives.Policy) error {
				return l.Row(x.ServiceTypeCode, x.ServiceTypeName, x.IncentivePolicy.String(), x.AllowDiscount.String())
			})
		},
	}
	pf.register(cmd, "policies")
	cmd.Flags().StringVar(&month, "month", "", "YYYY-MM, China Standard Time (default: this month)")
	cmd.Flags().StringVar(&code, "service-type", "", "only this cloud service type code")
	return cmd
}
