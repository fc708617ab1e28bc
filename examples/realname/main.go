// Command realname authenticates customers' real names, in the two
// individual flows: a passport (three pages uploaded to the partner's OBS
// bucket, then Huawei's review) and a bank card (a code sent by SMS to the
// card's phone, one face photo, verified at once). It starts from the
// customer list.
//
// By default it runs both flows against an embedded fake (package
// hwpartnertest) with generated images, reading the SMS code through the
// fake's test API:
//
//	go run ./examples/realname
//
// Against the real API (credentials from HUAWEICLOUD_SDK_AK / _SK; names,
// numbers and cards come from the environment, never from the command
// line; the SMS code is typed in when it arrives):
//
//	REALNAME_NAME=... REALNAME_NUMBER=... go run ./examples/realname -fake=false \
//		-bucket my-bucket -obs-endpoint https://obs.cn-north-4.myhuaweicloud.com \
//		-customer CUSTOMER_ID -xaccount-type PLATFORM_ID \
//		-data data.jpg -stamp stamp.jpg -handheld handheld.jpg
//
//	REALNAME_NAME=... REALNAME_NUMBER=... REALNAME_BANK_ACCOUNT=... REALNAME_MOBILE=... \
//		go run ./examples/realname -fake=false -flow bankcard -bucket my-bucket \
//		-obs-endpoint https://obs.cn-north-4.myhuaweicloud.com \
//		-customer CUSTOMER_ID -xaccount-type PLATFORM_ID -face face.jpg
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/signal"
	"path"
	"strings"
	"time"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdin, os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, errorLine(err))
		os.Exit(1)
	}
}

// person is one individual to authenticate. Its fields are personal data
// and never printed.
type person struct {
	customer     string
	name, number string
	bankAccount  string
	mobile       string
	pages        []io.Reader // passport pages, or the face photo
	names        []string    // their file names
}

type config struct {
	fake                bool
	flow                string
	bucket, obsEndpoint string
	xaccount            string
	interval            time.Duration
	client              *hwpartner.Client
	upload              *obsupload.Bucket
	passport, bankCard  *person
	// code returns the SMS code sent to a phone.
	code func(ctx context.Context, mobile string) (string, error)
}

func run(ctx context.Context, in io.Reader, w io.Writer, args []string) error {
	var (
		cfg                         config
		customer, face              string
		data, stamp, handheld, flow string
	)
	fs := flag.NewFlagSet("realname", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.BoolVar(&cfg.fake, "fake", true, "run against an embedded fake server")
	fs.StringVar(&flow, "flow", "passport", "with -fake=false: passport or bankcard")
	fs.StringVar(&cfg.bucket, "bucket", "", "the partner's OBS bucket")
	fs.StringVar(&cfg.obsEndpoint, "obs-endpoint", "", "the bucket's OBS endpoint")
	fs.StringVar(&customer, "customer", "", "the customer id")
	fs.StringVar(&cfg.xaccount, "xaccount-type", "", "the sales-platform id from the Partner Center")
	fs.StringVar(&data, "data", "", "image of the passport's data page")
	fs.StringVar(&stamp, "stamp", "", "image of the entry-stamp page")
	fs.StringVar(&handheld, "handheld", "", "image of the holder holding the data page")
	fs.StringVar(&face, "face", "", "face photo for the bank-card flow")
	fs.DurationVar(&cfg.interval, "interval", 0, "first wait between review polls (default: 10s, or 200ms with -fake)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage is printed; -h is not a failure
		}
		return err
	}
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	if cfg.fake {
		stopFake, err := cfg.useFake(ctx, w)
		if err != nil {
			return err
		}
		defer stopFake()
	} else {
		cfg.flow = flow
		var err error
		if closers, err = cfg.useAPI(in, w, customer, [3]string{data, stamp, handheld}, face); err != nil {
			return err
		}
	}
	if cfg.passport != nil {
		if err := passport(ctx, w, &cfg, cfg.passport); err != nil {
			return err
		}
	}
	if cfg.bankCard != nil {
		return bankCard(ctx, w, &cfg, cfg.bankCard)
	}
	return nil
}

// useFake starts the fake with its demo data, picks two unauthenticated
// customers from the list and generates their images.
func (cfg *config) useFake(ctx context.Context, w io.Writer) (func(), error) {
	srv, err := hwpartnertest.Start()
	if err != nil {
		return nil, err
	}
	srv.SeedDemo()
	cfg.xaccount = hwpartnertest.DemoXAccountType
	if cfg.interval == 0 {
		cfg.interval = 200 * time.Millisecond
	}
	cfg.client, err = hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	if err == nil {
		cfg.upload, err = obsupload.New(obsupload.Config{Bucket: hwpartnertest.DemoRealNameBucket, Endpoint: srv.OBSEndpoint(),
			AccessKey: srv.AccessKey(), SecretKey: srv.SecretKey()})
	}
	if err != nil {
		srv.Close()
		return nil, err
	}
	// The fake sends no SMS: its test API shows the code it would have sent.
	cfg.code = func(_ context.Context, mobile string) (string, error) {
		code, ok := srv.VerificationCode(mobile)
		if !ok {
			return "", errors.New("no code was sent")
		}
		return code, nil
	}
	ids, err := unverified(ctx, cfg.client, w)
	if err != nil {
		srv.Close()
		return nil, err
	}
	if len(ids) < 2 {
		srv.Close()
		return nil, errors.New("the demo has fewer than two unauthenticated customers")
	}
	cfg.passport = &person{customer: ids[0], name: "Zhang San", number: "E12345678",
		names: []string{"data.png", "stamp.png", "handheld.png"}}
	for i := range 3 {
		cfg.passport.pages = append(cfg.passport.pages, bytes.NewReader(page(uint8(40*(i+1)))))
	}
	cfg.bankCard = &person{customer: ids[1], name: "Li Si", number: "110101199001011234", bankAccount: "6222-0200-0000-0042",
		mobile: hwpartnertest.DemoCustomerMobile, pages: []io.Reader{bytes.NewReader(page(200))}, names: []string{"face.png"}}
	return srv.Close, nil
}

// unverified lists the caller's partner-funded customers that have no
// real-name authentication yet, oldest association first.
func unverified(ctx context.Context, c *hwpartner.Client, w io.Writer) ([]string, error) {
	var ids []string
	for cu, err := range c.Customers.ListIter(ctx, &customers.ListParams{AssociationType: customers.AssociationFunded}) {
		if err != nil {
			return nil, err
		}
		if cu.VerifiedStatus == customers.NotVerified {
			ids = append([]string{cu.ID}, ids...)
		}
	}
	if len(ids) == 1 {
		fmt.Fprintln(w, "1 customer without real-name authentication")
	} else {
		fmt.Fprintf(w, "%d customers without real-name authentication\n", len(ids))
	}
	return ids, nil
}

// useAPI reads credentials and personal data from the environment and
// opens the images.
func (cfg *config) useAPI(in io.Reader, w io.Writer, customer string, pages [3]string, face string) ([]io.Closer, error) {
	env := os.Getenv
	p := &person{customer: customer, name: env("REALNAME_NAME"), number: env("REALNAME_NUMBER")}
	files := pages[:]
	switch cfg.flow {
	case "passport":
		cfg.passport = p
	case "bankcard":
		p.bankAccount, p.mobile = env("REALNAME_BANK_ACCOUNT"), env("REALNAME_MOBILE")
		if p.bankAccount == "" || p.mobile == "" || face == "" {
			return nil, errors.New("-flow bankcard needs -face, REALNAME_BANK_ACCOUNT and REALNAME_MOBILE")
		}
		files = []string{face}
		cfg.bankCard = p
	default:
		return nil, fmt.Errorf("-flow must be passport or bankcard, not %q", cfg.flow)
	}
	for _, f := range files {
		if f == "" {
			return nil, errors.New("-flow passport needs -data, -stamp and -handheld")
		}
	}
	if cfg.bucket == "" || cfg.obsEndpoint == "" || customer == "" || cfg.xaccount == "" || p.name == "" || p.number == "" {
		return nil, errors.New("-fake=false needs -bucket, -obs-endpoint, -customer, -xaccount-type, REALNAME_NAME and REALNAME_NUMBER")
	}
	var err error
	if cfg.client, err = hwpartner.NewClient(); err != nil {
		return nil, err
	}
	if cfg.upload, err = obsupload.New(obsupload.Config{Bucket: cfg.bucket, Endpoint: cfg.obsEndpoint}); err != nil {
		return nil, err
	}
	lines := bufio.NewScanner(in)
	cfg.code = func(context.Context, string) (string, error) {
		fmt.Fprint(w, "enter the code the phone received: ")
		if !lines.Scan() {
			return "", errors.New("no code entered")
		}
		return strings.TrimSpace(lines.Text()), nil
	}
	var closers []io.Closer
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			for _, c := range closers {
				c.Close()
			}
			return nil, err
		}
		closers = append(closers, f)
		p.pages = append(p.pages, f)
		p.names = append(p.names, path.Base(name))
	}
	return closers, nil
}

// dir is where a customer's files go in the bucket, under download/.
func dir(customer string) string {
	return customer + "/" + time.Now().UTC().Format("20060102T150405")
}

func passport(ctx context.Context, w io.Writer, cfg *config, p *person) error {
	fmt.Fprintf(w, "\npassport flow for customer %s\n", p.customer)
	d := dir(p.customer)
	roles := []realname.Role{realname.RoleDataPage, realname.RoleEntryStampPage, realname.RoleHandheldDataPage}
	files := make([]realname.File, len(roles))
	for i, role := range roles {
		files[i] = realname.File{Role: role, Path: d + "/" + p.names[i], Body: p.pages[i]}
	}
	res, err := cfg.client.RealName.ApplyIndividual(ctx, cfg.upload, &realname.IndividualParams{
		CustomerID: p.customer, Certificate: realname.Passport,
		Name: p.name, Number: p.number, XAccountType: cfg.xaccount,
	}, files...)
	if err != nil {
		return err
	}
	return finish(ctx, w, cfg, p.customer, files, res)
}

func bankCard(ctx context.Context, w io.Writer, cfg *config, p *person) error {
	fmt.Fprintf(w, "\nbank-card flow for customer %s\n", p.customer)
	// The code goes to the phone registered with the card.
	if _, err := cfg.client.Customers.SendVerificationCode(ctx, &customers.SendCodeParams{
		MobilePhone: p.mobile, Scene: customers.SceneBankCard, CustomerID: p.customer}); err != nil {
		return err
	}
	fmt.Fprintln(w, "verification code sent")
	code, err := cfg.code(ctx, p.mobile)
	if err != nil {
		return err
	}
	files := []realname.File{{Role: realname.RoleFacePhoto, Path: dir(p.customer) + "/" + p.names[0], Body: p.pages[0]}}
	res, err := cfg.client.RealName.ApplyIndividual(ctx, cfg.upload, &realname.IndividualParams{
		CustomerID: p.customer, IdentifyType: realname.IdentifyBankCard,
		Name: p.name, Number: p.number, XAccountType: cfg.xaccount,
		BankCard: &realname.BankCard{Account: p.bankAccount, AreaCode: "0086", Mobile: p.mobile, VerificationCode: code},
	}, files...)
	if err != nil {
		return err
	}
	return finish(ctx, w, cfg, p.customer, files, res)
}

func finish(ctx context.Context, w io.Writer, cfg *config, customer string, files []realname.File, res *realname.SubmitResult) error {
	for _, f := range files {
		fmt.Fprintf(w, "uploaded %s%s\n", realname.Prefix, f.Path)
	}
	fmt.Fprintf(w, "submitted (request id %s)\n", res.RequestID)
	if !res.NeedsReview {
		fmt.Fprintln(w, "authenticated without manual review")
		return nil
	}
	fmt.Fprintln(w, "waiting for Huawei's review...")
	review, err := cfg.client.RealName.WaitForReview(ctx, customer, &realname.WaitOptions{Interval: cfg.interval})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "review: %s\n", review.Status)
	if review.Status == realname.ReviewRejected {
		fmt.Fprintf(w, "reviewer's opinion: %s\n", review.Opinion)
	}
	return nil
}

// page draws a small test image standing in for a scanned page or photo.
func page(shade uint8) []byte {
	img := image.NewGray(image.Rect(0, 0, 64, 40))
	for y := range 40 {
		for x := range 64 {
			img.SetGray(x, y, color.Gray{Y: shade + uint8((x+y)%16)})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// errorLine prefixes the program's name once: the packages' own errors
// may start with the same word.
func errorLine(err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, "realname: ") {
		return msg
	}
	return "realname: " + err.Error()
}
