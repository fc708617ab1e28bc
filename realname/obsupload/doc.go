// Package obsupload stores real-name attachments in the partner's OBS
// bucket with Huawei's OBS SDK. Its Bucket implements realname.Bucket:
//
//	bucket, err := obsupload.New(obsupload.Config{
//		Bucket:   "my-realname-bucket",
//		Endpoint: "https://obs.cn-north-4.myhuaweicloud.com",
//		// AccessKey and SecretKey default to HUAWEICLOUD_SDK_AK / _SK.
//	})
//	attachments, err := c.RealName.Upload(ctx, bucket, files...)
//
// It is a package of its own so that only programs which upload link in
// the OBS SDK.
//
// Each upload is one PUT Object request. The SDK is told not to retry
// (the body is a stream), TLS certificates are always verified, and the
// context of each call bounds that call alone. OBS creates an object only
// when its whole body arrived, so an upload cut short (by the 10 MB limit
// or a cancelled context) leaves nothing behind.
package obsupload
