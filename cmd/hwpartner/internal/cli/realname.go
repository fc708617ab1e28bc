package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/cmd/hwpartner/internal/output"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
)

func (a *app) realnameCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "realname",
		Short: "Customers' real-name authentication: apply, follow the review",
		Long: `Submit a customer's real-name authentication (实名认证) with its attachments
read from disk, and follow Huawei's review.

Attachments go to your OBS bucket under download/ (--bucket and
--obs-endpoint, or the profile's bucket and obs_endpoint), uploaded with the
same access keys, and the application refers to them. Switch on
"实名认证附件上传" in the Partner Center first (Support > Open APIs > Configure).

Names, certificate numbers, bank cards, phone numbers and codes are sent,
never printed. A submission is never sent twice: if its answer is lost the
command exits with 3; read 'hwpartner realname status' before applying again.`,
		Example: `  hwpartner realname apply individual --customer C1 --certificate passport --name "Zhang San" --number E12345678 \
      --file data-page=data.jpg --file entry-stamp-page=stamp.jpg --file handheld-data-page=handheld.jpg
  hwpartner realname status C1
  hwpartner realname wait C1`,
	}
	apply := &cobra.Command{
		Use:   "apply",
		Short: "Apply for a customer's real-name authentication",
		Example: `  hwpartner realname apply individual --help
  hwpartner realname apply enterprise --help`,
	}
	apply.AddCommand(a.applyIndividualCmd(false), a.applyIndividualCmd(true), a.applyEnterpriseCmd(false), a.applyEnterpriseCmd(true))
	cmd.AddCommand(apply, a.realnameStatusCmd(), a.realnameWaitCmd())
	return cmd
}

// roles names attachment roles on the command line.
func roles() map[string]realname.Role {
	return map[string]realname.Role{
		"data-page":                  realname.RoleDataPage,
		"entry-stamp-page":           realname.RoleEntryStampPage,
		"handheld-data-page":         realname.RoleHandheldDataPage,
		"front":                      realname.RoleFront,
		"back":                       realname.RoleBack,
		"handheld-front":             realname.RoleHandheldFront,
		"portrait-side":              realname.RolePortraitSide,
		"emblem-side":                realname.RoleEmblemSide,
		"handheld-portrait-side":     realname.RoleHandheldPortraitSide,
		"face-photo":                 realname.RoleFacePhoto,
		"org-certificate":            realname.RoleOrgCertificate,
		"legal-person-portrait-side": realname.RoleLegalPersonPortraitSide,
		"legal-person-emblem-side":   realname.RoleLegalPersonEmblemSide,
	}
}

func roleList() string {
	names := make([]string, 0, len(roles()))
	for n := range roles() {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// attachFlags are the files of an application: to upload, or already in
// the bucket.
type attachFlags struct {
	files, attached     []string
	bucket, obsEndpoint string
	dir                 string
}

func (f *attachFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.files, "file", nil, "ROLE=PATH: a file to upload (repeatable); roles: "+roleList())
	cmd.Flags().StringArrayVar(&f.attached, "attached", nil, "ROLE=PATH: a file already in the bucket, relative to download/ (instead of --file)")
	cmd.Flags().StringVar(&f.bucket, "bucket", "", "OBS bucket for attachments (default: the profile's bucket)")
	cmd.Flags().StringVar(&f.obsEndpoint, "obs-endpoint", "", "the bucket's OBS endpoint (default: the profile's obs_endpoint)")
	cmd.Flags().StringVar(&f.dir, "dir", "", "folder under download/ for the uploads (default: CUSTOMER/TIME)")
}

func splitRole(s string) (realname.Role, string, error) {
	name, path, ok := strings.Cut(s, "=")
	r, known := roles()[name]
	if !ok || !known || path == "" {
		return 0, "", usageError("%q: write ROLE=PATH with a role of: %s", s, roleList())
	}
	return r, path, nil
}

// open opens the files to upload, or reads the attached ones. The caller
// closes what close returns.
func (a *app) openAttachments(f *attachFlags, customer string) (files []realname.File, attached []realname.Attachment, closeAll func(), err error) {
	closeAll = func() {}
	if len(f.files) > 0 && len(f.attached) > 0 {
		return nil, nil, closeAll, usageError("give --file (to upload) or --attached (already uploaded), not both")
	}
	if len(f.files) == 0 && len(f.attached) == 0 {
		return nil, nil, closeAll, usageError("no attachments: give --file ROLE=PATH for each file")
	}
	for _, s := range f.attached {
		r, p, err := splitRole(s)
		if err != nil {
			return nil, nil, closeAll, err
		}
		attached = append(attached, realname.Attachment{Role: r, Path: p})
	}
	dir := f.dir
	if dir == "" {
		dir = customer + "/" + time.Now().UTC().Format("20060102T150405")
	}
	var open []io.Closer
	closeAll = func() {
		for _, c := range open {
			_ = c.Close()
		}
	}
	for _, s := range f.files {
		r, p, err := splitRole(s)
		if err != nil {
			closeAll()
			return nil, nil, func() {}, err
		}
		fh, err := os.Open(p)
		if err != nil {
			closeAll()
			return nil, nil, func() {}, usageError("%v", err)
		}
		open = append(open, fh)
		files = append(files, realname.File{Role: r, Path: dir + "/" + filepath.Base(p), Body: fh})
	}
	// The API takes the files in a fixed order per certificate; the roles'
	// order is that order, so the command line's order does not matter.
	slices.SortStableFunc(files, func(x, y realname.File) int { return int(x.Role) - int(y.Role) })
	slices.SortStableFunc(attached, func(x, y realname.Attachment) int { return int(x.Role) - int(y.Role) })
	return files, attached, closeAll, nil
}

// bucket is the OBS bucket for uploads, with the command's access keys.
func (a *app) bucket(f *attachFlags) (*obsupload.Bucket, error) {
	c, err := a.connect()
	if err != nil {
		return nil, err
	}
	name, ep := f.bucket, f.obsEndpoint
	if name == "" {
		name = c.prof.Bucket
	}
	if ep == "" {
		ep = c.prof.OBSEndpoint
	}
	if name == "" || ep == "" {
		return nil, usageError("uploads need --bucket and --obs-endpoint (or bucket and obs_endpoint in the profile)")
	}
	if c.ak == "" || c.sk == "" {
		return nil, usageError("uploads to OBS need access keys (%s has none); upload the files yourself and use --attached", c.source)
	}
	b, err := obsupload.New(obsupload.Config{Bucket: name, Endpoint: ep, AccessKey: c.ak, SecretKey: c.sk, SecurityToken: c.secToken})
	if err != nil {
		return nil, usageError("%v", err)
	}
	return b, nil
}

func (a *app) xaccountType(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	c, err := a.connect()
	if err != nil {
		return "", err
	}
	return c.prof.XAccountType, nil
}

func certificates() map[string]realname.Certificate {
	return map[string]realname.Certificate{
		"passport":           realname.Passport,
		"hk-macao-travel":    realname.HongKongMacaoTravelPermit,
		"taiwan-travel":      realname.TaiwanTravelPermit,
		"hk-macao-residence": realname.HongKongMacaoResidencePermit,
		"taiwan-residence":   realname.TaiwanResidencePermit,
	}
}

func (a *app) applyIndividualCmd(bankCard bool) *cobra.Command {
	var (
		f                                 attachFlags
		customer, cert, name, number, xat string
		firstTime                         bool
		card                              realname.BankCard
	)
	cmd := &cobra.Command{
		Use:   "individual",
		Short: "An individual, by personal certificate",
		Long: `Apply for an individual's real-name authentication with a personal
certificate. The files each certificate needs, in their roles:

  passport            data-page, entry-stamp-page (China site), handheld-data-page
  hk-macao-travel,
  taiwan-travel       front, back, handheld-front
  hk-macao-residence,
  taiwan-residence    portrait-side, emblem-side, handheld-portrait-side`,
		Example: `  hwpartner realname apply individual --customer C1 --certificate passport --name "Zhang San" --number E12345678 \
      --file data-page=data.jpg --file entry-stamp-page=stamp.jpg --file handheld-data-page=handheld.jpg`,
		Args: exactArgs(),
	}
	if bankCard {
		cmd.Use, cmd.Short = "bankcard", "An individual, by bank card (China site)"
		cmd.Long = `Apply for an individual's real-name authentication with a personal bank card
and one face photo (--file face-photo=PATH). The verification code is the
one Huawei sends to the card's phone number: 'hwpartner customers send-code
--bank-card CUSTOMER --mobile NUMBER'. Approved at once when it succeeds;
no review.`
		cmd.Example = `  hwpartner realname apply bankcard --customer C1 --name "Zhang San" --number 110101199001011234 \
      --bank-account 6222020000000000000 --area-code 0086 --mobile 13800000000 --code 123456 --file face-photo=face.jpg`
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		xa, err := a.xaccountType(xat)
		if err != nil {
			return err
		}
		p := &realname.IndividualParams{CustomerID: customer, Name: name, Number: number, XAccountType: xa, FirstTime: firstTime}
		if bankCard {
			p.IdentifyType = realname.IdentifyBankCard
			p.BankCard = &card
		} else {
			c, ok := certificates()[cert]
			if !ok {
				return usageError("--certificate %q: use passport, hk-macao-travel, taiwan-travel, hk-macao-residence or taiwan-residence", cert)
			}
			p.Certificate = c
		}
		return a.apply(cmd, &f, customer, "individual",
			func(s *realname.Service, b realname.Bucket, files []realname.File) (*realname.SubmitResult, error) {
				return s.ApplyIndividual(a.ctx, b, p, files...)
			},
			func(s *realname.Service, att []realname.Attachment) (*realname.SubmitResult, error) {
				q := *p
				q.Files = att
				return s.SubmitIndividual(a.ctx, &q)
			})
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&customer, "customer", "", "the customer's id")
	fl.StringVar(&name, "name", "", "the person's name (sent, never printed)")
	fl.StringVar(&number, "number", "", "the certificate number (sent, never printed)")
	fl.StringVar(&xat, "xaccount-type", "", "your sales-platform id from the Partner Center (default: the profile's xaccount_type)")
	fl.BoolVar(&firstTime, "first-time", false, "a first-time authentication (change_type -1)")
	if bankCard {
		fl.StringVar(&card.Account, "bank-account", "", "the bank card number")
		fl.StringVar(&card.AreaCode, "area-code", "0086", "the phone's country code")
		fl.StringVar(&card.Mobile, "mobile", "", "the phone number registered with the card")
		fl.StringVar(&card.VerificationCode, "code", "", "the verification code Huawei sent to that phone")
	} else {
		fl.StringVar(&cert, "certificate", "", "passport, hk-macao-travel, taiwan-travel, hk-macao-residence or taiwan-residence")
		_ = cmd.RegisterFlagCompletionFunc("certificate", fixedCompletion("passport", "hk-macao-travel", "taiwan-travel", "hk-macao-residence", "taiwan-residence"))
	}
	return cmd
}

func orgCertificates() map[string]realname.OrgCertificate {
	return map[string]realname.OrgCertificate{
		"business-licence":    realname.BusinessLicence,
		"public-institution":  realname.PublicInstitutionCertificate,
		"social-organisation": realname.SocialOrganisationCertificate,
		"law-enforcement":     realname.LawEnforcementQualification,
		"organisation-code":   realname.OrganisationCodeCertificate,
		"other":               realname.OtherOrgCertificate,
		"":                    0, // not sent
	}
}

func (a *app) applyEnterpriseCmd(change bool) *cobra.Command {
	var (
		f                                     attachFlags
		customer, corp, number, xat, certType string
		regCountry, regAddress                string
		legalName, legalNumber, certifierRole string
	)
	cmd := &cobra.Command{
		Use:   "enterprise",
		Short: "An enterprise, by organisation certificate",
		Long: `Apply for an enterprise's real-name authentication with its organisation
certificate (--file org-certificate=PATH), optionally with the legal
person's ID card (legal-person-portrait-side, legal-person-emblem-side) and
details (--legal-name, --legal-id-number).`,
		Example: `  hwpartner realname apply enterprise --customer C1 --corp-name "Acme Ltd" --number 91110000000000000X \
      --file org-certificate=licence.pdf`,
		Args: exactArgs(),
	}
	if change {
		cmd.Use, cmd.Short = "change", "Change an individually authenticated customer into an enterprise"
		cmd.Long = `Apply to change a customer authenticated as an individual into an enterprise,
with the same details and files as 'realname apply enterprise'.`
		cmd.Example = `  hwpartner realname apply change --customer C1 --corp-name "Acme Ltd" --number 91110000000000000X \
      --file org-certificate=licence.pdf`
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		xa, err := a.xaccountType(xat)
		if err != nil {
			return err
		}
		ct, ok := orgCertificates()[certType]
		if !ok {
			return usageError("--certificate-type %q: use business-licence, public-institution, social-organisation, law-enforcement, organisation-code or other", certType)
		}
		p := &realname.EnterpriseParams{CustomerID: customer, CertificateType: ct, CorpName: corp, Number: number, XAccountType: xa}
		if cmd.Flags().Changed("reg-country") {
			p.RegCountry = &regCountry
		}
		if cmd.Flags().Changed("reg-address") {
			p.RegAddress = &regAddress
		}
		if legalName != "" || legalNumber != "" || certifierRole != "" {
			p.Person = &realname.EnterprisePerson{Name: legalName, IDNumber: legalNumber, CertifierRole: certifierRole}
		}
		kind := "enterprise"
		if change {
			kind = "change"
		}
		return a.apply(cmd, &f, customer, kind,
			func(s *realname.Service, b realname.Bucket, files []realname.File) (*realname.SubmitResult, error) {
				if change {
					return s.ApplyChangeToEnterprise(a.ctx, b, p, files...)
				}
				return s.ApplyEnterprise(a.ctx, b, p, files...)
			},
			func(s *realname.Service, att []realname.Attachment) (*realname.SubmitResult, error) {
				q := *p
				q.Files = att
				if change {
					return s.ChangeToEnterprise(a.ctx, &q)
				}
				return s.SubmitEnterprise(a.ctx, &q)
			})
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&customer, "customer", "", "the customer's id")
	fl.StringVar(&corp, "corp-name", "", "the organisation's name")
	fl.StringVar(&number, "number", "", "the organisation certificate number (sent, never printed)")
	fl.StringVar(&certType, "certificate-type", "", "business-licence, public-institution, social-organisation, law-enforcement, organisation-code or other (optional)")
	fl.StringVar(&regCountry, "reg-country", "", "registration country, ISO 3166 alpha-2 such as CN (optional)")
	fl.StringVar(&regAddress, "reg-address", "", "registered address (optional)")
	fl.StringVar(&legalName, "legal-name", "", "the legal representative's name (optional; sent, never printed)")
	fl.StringVar(&legalNumber, "legal-id-number", "", "the legal representative's ID number (sent, never printed)")
	fl.StringVar(&certifierRole, "certifier-role", "", `the certifier's role, e.g. "legalPerson" (optional)`)
	fl.StringVar(&xat, "xaccount-type", "", "your sales-platform id from the Partner Center (default: the profile's xaccount_type)")
	return cmd
}

func submitCols() []output.Column {
	return []output.Column{
		output.Col("customer_id", "Customer", output.KText),
		output.Col("application", "Application", output.KText),
		output.Col("status", "Status", output.KText),
		output.Col("needs_review", "Needs review", output.KBool),
		output.Col("attachments", "Attachments", output.KList),
		output.Col("request_id", "Request id", output.KText),
	}
}

func paths(att []realname.Attachment) []string {
	out := make([]string, len(att))
	for i, x := range att {
		out[i] = x.Role.String() + ": " + x.Path
	}
	return out
}

// apply uploads and submits, or submits already uploaded files, and says
// what became of it.
func (a *app) apply(cmd *cobra.Command, f *attachFlags, customer, kind string,
	upload func(*realname.Service, realname.Bucket, []realname.File) (*realname.SubmitResult, error),
	submit func(*realname.Service, []realname.Attachment) (*realname.SubmitResult, error)) error {
	files, attached, closeAll, err := a.openAttachments(f, customer)
	if err != nil {
		return err
	}
	defer closeAll()
	c, err := a.api()
	if err != nil {
		return err
	}
	var res *realname.SubmitResult
	if len(files) > 0 {
		b, berr := a.bucket(f)
		if berr != nil {
			return berr
		}
		for _, fl := range files {
			attached = append(attached, realname.Attachment{Role: fl.Role, Path: fl.Path})
		}
		res, err = upload(c.RealName, b, files)
	} else {
		res, err = submit(c.RealName, attached)
	}
	status := a.commandLine(cmd, "realname", "status", customer)
	var ue *realname.UploadError
	var se *realname.SubmitError
	switch {
	case err == nil:
		if perr := a.printer.Object(submitCols(), customer, kind, "submitted", res.NeedsReview, paths(attached), res.RequestID); perr != nil {
			return perr
		}
		if res.NeedsReview {
			a.note("Huawei reviews it by hand; follow it with:\n  %s", a.commandLine(cmd, "realname", "wait", customer))
		}
		return nil
	case errors.As(err, &ue):
		a.note("hwpartner: upload failed: %s", message(err))
		a.note("Nothing was submitted. Uploading again replaces the files, so the same command is safe to run again.")
		return reported(ExitFailed)
	case errors.As(err, &se):
		att := make([]string, 0, len(se.Uploaded))
		for _, x := range se.Uploaded {
			att = append(att, "--attached", roleFlag(x.Role)+"="+x.Path)
		}
		if hwpartner.IsOutcomeUnknown(err) {
			a.note("hwpartner: outcome unknown: %s", message(se.Err))
			a.note("The application may or may not have been submitted. Do not apply again before checking:\n  %s", status)
			return reported(ExitUnknown)
		}
		a.explain("application", se.Err, status)
		a.note("The files are in the bucket: submit again without uploading them with the same command and\n  %s", strings.Join(quoteAll(att), " "))
		return reported(ExitFailed)
	case hwpartner.IsOutcomeUnknown(err):
		a.explain("application", err, status)
		return reported(ExitUnknown)
	}
	return err
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = quote(x)
	}
	return out
}

func roleFlag(r realname.Role) string {
	for n, x := range roles() {
		if x == r {
			return n
		}
	}
	return r.String()
}

func reviewCols() []output.Column {
	return []output.Column{
		output.Col("customer_id", "Customer", output.KText),
		output.Col("review", "Review", output.KText),
		output.Col("opinion", "Opinion", output.KText),
	}
}

func reviewKey(s realname.ReviewStatus) string {
	switch s {
	case realname.ReviewPending:
		return "pending"
	case realname.ReviewRejected:
		return "rejected"
	case realname.ReviewApproved:
		return "approved"
	}
	return "not_submitted"
}

func (a *app) realnameStatusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status CUSTOMER",
		Short: "Show the review state of a customer's application",
		Example: `  hwpartner realname status demo-customer-0001
  hwpartner realname status demo-customer-0001 -o json`,
		Args: exactArgs("CUSTOMER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			r, err := c.RealName.ReviewResult(a.ctx, args[0])
			if err != nil {
				return err
			}
			return a.printer.Object(reviewCols(), args[0], reviewKey(r.Status), r.Opinion)
		},
	}
}

func (a *app) realnameWaitCmd() *cobra.Command {
	var interval, maxInterval, timeout time.Duration
	cmd := &cobra.Command{
		Use:   "wait CUSTOMER",
		Short: "Wait until a customer's application is approved or rejected",
		Long: `Poll the review result, waiting longer each time, until Huawei approves or
rejects the application. Exits with 0 when approved, 1 when rejected (with
the reviewer's opinion) or when nothing was submitted. Ctrl-C or --timeout
stops waiting; the application is not affected.`,
		Example: `  hwpartner realname wait demo-customer-0001
  hwpartner realname wait demo-customer-0001 --interval 30s --timeout 2h`,
		Args: exactArgs("CUSTOMER"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			ctx := a.ctx
			if timeout > 0 {
				var cancel func()
				ctx, cancel = context.WithTimeout(ctx, timeout)
				defer cancel()
			}
			a.note("waiting for the review of %s (Ctrl-C stops waiting)", args[0])
			r, err := c.RealName.WaitForReview(ctx, args[0], &realname.WaitOptions{Interval: interval, MaxInterval: maxInterval})
			if err != nil && (r == nil || ctx.Err() == nil) {
				return err
			}
			if err := a.printer.Object(reviewCols(), args[0], reviewKey(r.Status), r.Opinion); err != nil {
				return err
			}
			switch {
			case ctx.Err() != nil:
				a.note("stopped waiting; the review goes on: %s", a.commandLine(cmd, "realname", "wait", args[0]))
				if a.ctx.Err() != nil {
					return reported(ExitInterrupted)
				}
				return reported(ExitFailed)
			case r.Status == realname.ReviewApproved:
				return nil
			}
			return reported(ExitFailed)
		},
	}
	cmd.Flags().DurationVar(&interval, "interval", realname.DefaultPollInterval, "first wait between polls; each next one doubles")
	cmd.Flags().DurationVar(&maxInterval, "max-interval", realname.DefaultMaxPollInterval, "longest wait between polls")
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "stop waiting after this long (0: never)")
	return cmd
}
