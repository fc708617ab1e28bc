// Command realname authenticates a customer with a passport: it uploads
// the passport's three pages to the partner's OBS bucket, submits the
// application and waits for Huawei's review.
//
// By default it runs against an embedded fake (package hwpartnertest)
// with generated images:
//
//	go run ./examples/realname
//
// Against the real API (credentials from HUAWEICLOUD_SDK_AK / _SK; the
// name and number come from the environment, never from the command line):
//
//	REALNAME_NAME=... REALNAME_NUMBER=... go run ./examples/realname -fake=false \
//		-bucket my-bucket -obs-endpoint https://obs.cn-north-4.myhuaweicloud.com \
//		-customer CUSTOMER_ID -xaccount-type PLATFORM_ID \
//		-data data.jpg -stamp stamp.jpg -handheld handheld.jpg
package main

import (
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
	"time"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "realname:", err)
		os.Exit(1)
	}
}

type config struct {
	fake                  bool
	bucket, obsEndpoint   string
	customer, xaccount    string
	data, stamp, handheld string
	interval              time.Duration
	name, number          string
	client                *hwpartner.Client
	upload                *obsupload.Bucket
	pages                 [3]io.Reader
}

func run(ctx context.Context, w io.Writer, args []string) error {
	var cfg config
	fs := flag.NewFlagSet("realname", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.BoolVar(&cfg.fake, "fake", true, "run against an embedded fake server")
	fs.StringVar(&cfg.bucket, "bucket", "", "the partner's OBS bucket")
	fs.StringVar(&cfg.obsEndpoint, "obs-endpoint", "", "the bucket's OBS endpoint")
	fs.StringVar(&cfg.customer, "customer", "", "the customer id")
	fs.StringVar(&cfg.xaccount, "xaccount-type", "", "the sales-platform id from the Partner Center")
	fs.StringVar(&cfg.data, "data", "", "image of the passport's data page")
	fs.StringVar(&cfg.stamp, "stamp", "", "image of the entry-stamp page")
	fs.StringVar(&cfg.handheld, "handheld", "", "image of the holder holding the data page")
	fs.DurationVar(&cfg.interval, "interval", 0, "first wait between review polls (default: 10s, or 200ms with -fake)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage is printed; -h is not a failure
		}
		return err
	}
	var err error
	if cfg.fake {
		stopFake, err := cfg.useFake()
		if err != nil {
			return err
		}
		defer stopFake()
	} else if err = cfg.useAPI(); err != nil {
		return err
	}
	for _, p := range cfg.pages {
		if c, ok := p.(io.Closer); ok {
			defer c.Close()
		}
	}
	return apply(ctx, w, &cfg)
}

// useFake starts the fake with its demo data and generates the images.
func (cfg *config) useFake() (func(), error) {
	srv, err := hwpartnertest.Start()
	if err != nil {
		return nil, err
	}
	srv.SeedDemo()
	cfg.customer, cfg.xaccount = hwpartnertest.DemoCustomerID, hwpartnertest.DemoXAccountType
	cfg.name, cfg.number = "Zhang San", "E12345678"
	cfg.data, cfg.stamp, cfg.handheld = "data.png", "stamp.png", "handheld.png"
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
	for i := range cfg.pages {
		cfg.pages[i] = bytes.NewReader(page(uint8(40 * (i + 1))))
	}
	return srv.Close, nil
}

// useAPI reads credentials from the environment and opens the images.
func (cfg *config) useAPI() error {
	cfg.name, cfg.number = os.Getenv("REALNAME_NAME"), os.Getenv("REALNAME_NUMBER")
	if cfg.bucket == "" || cfg.obsEndpoint == "" || cfg.customer == "" || cfg.xaccount == "" ||
		cfg.data == "" || cfg.stamp == "" || cfg.handheld == "" || cfg.name == "" || cfg.number == "" {
		return errors.New("-fake=false needs -bucket, -obs-endpoint, -customer, -xaccount-type, -data, -stamp, -handheld, REALNAME_NAME and REALNAME_NUMBER")
	}
	var err error
	if cfg.client, err = hwpartner.NewClient(); err != nil {
		return err
	}
	if cfg.upload, err = obsupload.New(obsupload.Config{Bucket: cfg.bucket, Endpoint: cfg.obsEndpoint}); err != nil {
		return err
	}
	for i, name := range []string{cfg.data, cfg.stamp, cfg.handheld} {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		cfg.pages[i] = f
	}
	return nil
}

func apply(ctx context.Context, w io.Writer, cfg *config) error {
	dir := cfg.customer + "/" + time.Now().UTC().Format("20060102T150405")
	files := []realname.File{
		{Role: realname.RoleDataPage, Path: dir + "/" + path.Base(cfg.data), Body: cfg.pages[0]},
		{Role: realname.RoleEntryStampPage, Path: dir + "/" + path.Base(cfg.stamp), Body: cfg.pages[1]},
		{Role: realname.RoleHandheldDataPage, Path: dir + "/" + path.Base(cfg.handheld), Body: cfg.pages[2]},
	}
	res, err := cfg.client.RealName.ApplyIndividual(ctx, cfg.upload, &realname.IndividualParams{
		CustomerID: cfg.customer, Certificate: realname.Passport,
		Name: cfg.name, Number: cfg.number, XAccountType: cfg.xaccount,
	}, files...)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(w, "uploaded %s%s\n", realname.Prefix, f.Path)
	}
	fmt.Fprintf(w, "submitted for customer %s (request id %s)\n", cfg.customer, res.RequestID)
	if !res.NeedsReview {
		fmt.Fprintln(w, "authenticated without manual review")
		return nil
	}
	fmt.Fprintln(w, "waiting for Huawei's review...")
	review, err := cfg.client.RealName.WaitForReview(ctx, cfg.customer, &realname.WaitOptions{Interval: cfg.interval})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "review: %s\n", review.Status)
	if review.Status == realname.ReviewRejected {
		fmt.Fprintf(w, "reviewer's opinion: %s\n", review.Opinion)
	}
	return nil
}

// page draws a small test image standing in for a scanned page.
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
