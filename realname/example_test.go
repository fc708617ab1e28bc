package realname_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"time"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
	"github.com/hwpartner/go-hwpartner/realname/obsupload"
)

// examplePNG makes a small image standing in for a scan.
func examplePNG() *bytes.Reader {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 16, 16)))
	return bytes.NewReader(buf.Bytes())
}

// Upload a passport's three pages, submit, and wait for Huawei's review.
func Example() {
	srv, _ := hwpartnertest.Start()
	defer srv.Close()
	srv.SeedDemo() // a bucket, the switch on, customers; approves after a second

	ctx := context.Background()
	c, _ := hwpartner.NewClient(hwpartner.WithAKSK(srv.AccessKey(), srv.SecretKey()), hwpartner.WithEndpoint(srv.URL))
	bucket, _ := obsupload.New(obsupload.Config{Bucket: hwpartnertest.DemoRealNameBucket, Endpoint: srv.OBSEndpoint(),
		AccessKey: srv.AccessKey(), SecretKey: srv.SecretKey()})

	id := hwpartnertest.DemoCustomerID
	res, err := c.RealName.ApplyIndividual(ctx, bucket, &realname.IndividualParams{
		CustomerID: id, Certificate: realname.Passport,
		Name: "Zhang San", Number: "E12345678", XAccountType: hwpartnertest.DemoXAccountType,
	},
		realname.File{Role: realname.RoleDataPage, Path: id + "/passport-data.png", Body: examplePNG()},
		realname.File{Role: realname.RoleEntryStampPage, Path: id + "/passport-stamp.png", Body: examplePNG()},
		realname.File{Role: realname.RoleHandheldDataPage, Path: id + "/passport-handheld.png", Body: examplePNG()},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("needs review:", res.NeedsReview)
	review, err := c.RealName.WaitForReview(ctx, id, &realname.WaitOptions{Interval: 200 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("review:", review.Status)
	// Output:
	// needs review: true
	// review: approved
}

// Files in the wrong order are refused before anything is uploaded.
func Example_validation() {
	c, _ := hwpartner.NewClient(hwpartner.WithAKSK("ak", "sk"), hwpartner.WithSite(hwpartner.SiteChina))
	_, err := c.RealName.SubmitIndividual(context.Background(), &realname.IndividualParams{
		CustomerID: "c1", Certificate: realname.Passport, Name: "Zhang San", Number: "E12345678", XAccountType: "x",
		Files: []realname.Attachment{
			{Role: realname.RoleHandheldDataPage, Path: "c1/handheld.jpg"},
			{Role: realname.RoleDataPage, Path: "c1/data.jpg"},
			{Role: realname.RoleEntryStampPage, Path: "/c1/stamp.jpg"},
		},
	})
	fmt.Println(err)
	// Output:
	// hwpartner: invalid CreatePersonalRealnameAuth request: verified_file_url[2] must be relative to download/, without a leading /; verified_file_url must be, in this order: data page, entry-stamp page, handheld data page
}
