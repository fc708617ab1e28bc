// Package realname submits customers' real-name authentication (实名认证)
// to the Partner Center and uploads its attachments.
//
// The flow: the partner switches on "实名认证附件上传" in the
// Partner Center (Support > Open APIs > Configure) and creates an OBS
// bucket; the ID or licence images go into the bucket's download/
// directory; the application refers to them by their path relative to
// download/; Huawei reviews it.
//
//	bucket, _ := obsupload.New(obsupload.Config{Bucket: "my-bucket", Endpoint: "https://obs.cn-north-4.myhuaweicloud.com"})
//	res, err := c.RealName.ApplyIndividual(ctx, bucket, &realname.IndividualParams{
//		CustomerID: id, Certificate: realname.Passport, Name: name, Number: number, XAccountType: xat,
//	},
//		realname.File{Role: realname.RoleDataPage, Path: id + "/data.jpg", Body: f1},
//		realname.File{Role: realname.RoleEntryStampPage, Path: id + "/stamp.jpg", Body: f2},
//		realname.File{Role: realname.RoleHandheldDataPage, Path: id + "/handheld.jpg", Body: f3})
//	if err == nil && res.NeedsReview {
//		review, err := c.RealName.WaitForReview(ctx, id, nil)
//	}
//
// Attachments are uploaded through the small Bucket interface; package
// realname/obsupload implements it with Huawei's OBS SDK, which only
// programs that upload link in. Files are streamed, never held in memory:
// their format is judged by their first bytes, and the 10 MB limit is
// enforced while they stream when their size cannot be known up front.
//
// Everything is checked before anything is uploaded or submitted: the
// number and order of files each certificate type requires (given by
// each file's Role), paths, formats, sizes and the application's fields.
//
// Submissions create an application and are never resent once they may
// have reached the server; when the outcome is unknown, read the review
// result first. The documented error codes have kinds (ErrUploadNotEnabled
// and friends) for errors.Is.
//
// Names, certificate numbers, bank accounts, phone numbers and
// verification codes never appear in errors, logs or the printed form of
// any value of this package; an error message echoed by the server is
// scrubbed of the values that were sent.
package realname
