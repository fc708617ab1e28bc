package realname_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
	"github.com/hwpartner/go-hwpartner/realname"
)

var secrets = []string{"ZhangSentinel", "E99887766", "6222SENTACCT", "13912345678", "SENTCODE42",
	"LegalSentinel", "310101SENTID", "SentinelAddress"}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestPersonalDataNeverPrinted(t *testing.T) {
	t.Parallel()
	logs := &syncBuf{}
	e := setup(t, hwpartner.WithLogger(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	ctx := t.Context()
	var out strings.Builder
	show := func(vs ...any) {
		for _, v := range vs {
			fmt.Fprintf(&out, "%v|%+v|%#v|%s|%q\n", v, v, v, v, v)
			if s, ok := v.(fmt.Stringer); ok {
				out.WriteString(s.String())
			}
			if g, ok := v.(fmt.GoStringer); ok {
				out.WriteString(g.GoString())
			}
		}
		// Each value as an attribute, so slog asks it for its LogValue.
		l := slog.New(slog.NewJSONHandler(&out, nil))
		for _, v := range vs {
			l.Info("value", "v", v)
		}
	}

	card := &realname.BankCard{Account: secrets[2], AreaCode: "0086", Mobile: secrets[3], VerificationCode: secrets[4]}
	ind := passportParams()
	ind.Name, ind.Number = secrets[0], secrets[1]
	ind.IdentifyType, ind.Certificate, ind.BankCard = realname.IdentifyBankCard, 0, card
	ent := &realname.EnterpriseParams{CustomerID: testCustomer, CorpName: "Corp " + secrets[0], Number: secrets[1],
		RegAddress: hwpartner.Ptr(secrets[7]), XAccountType: testXAccount,
		Person: &realname.EnterprisePerson{Name: secrets[5], IDNumber: secrets[6]}}
	file := realname.File{Role: realname.RoleFacePhoto, Path: "p/face.png", Body: bytes.NewReader(append(pngImage(t, 1), secrets[0]...))}
	show(ind, *ind, card, *card, ent, *ent, ent.Person, *ent.Person, file, &file,
		realname.Object{Key: "download/x.png", Body: strings.NewReader(secrets[0])})

	// The server echoes what it was sent.
	echo := "name " + secrets[0] + " with number " + secrets[1] + " card " + secrets[2] + " phone " + secrets[3] + " code " + secrets[4]
	e.srv.InjectFault("CreatePersonalRealnameAuth", hwpartnertest.Fault{Status: 400, Code: "CBC.99007255", Message: echo, Times: 1})
	_, err := e.c.RealName.ApplyIndividual(ctx, e.bucket, ind, file)
	require.ErrorIs(t, err, realname.ErrVerificationFailed)
	show(err)

	e.srv.InjectFault("CreateEnterpriseRealnameAuthentication", hwpartnertest.Fault{Status: 400, Code: "CBC.0100",
		Message: "bad " + secrets[5] + "/" + secrets[6] + "/" + secrets[7], Times: 1})
	ent.Files = []realname.Attachment{{Role: realname.RoleOrgCertificate, Path: "p/face.png"}}
	_, err = e.c.RealName.SubmitEnterprise(ctx, ent)
	require.Error(t, err)
	show(err)

	// Refusals by the fake itself (wrong platform id) and by validation.
	ind.XAccountType = "other"
	_, err = e.c.RealName.SubmitIndividual(ctx, withFiles(ind))
	require.Error(t, err)
	show(err)
	ind.Name = strings.Repeat(secrets[0], 30)
	ind.Number = strings.Repeat(secrets[1], 5)
	_, err = e.c.RealName.SubmitIndividual(ctx, withFiles(ind))
	requireInvalid(t, err, "name")
	show(err)

	all := out.String() + logs.String()
	for _, r := range e.srv.Requests() {
		if r.Status >= 400 {
			all += r.Path
		}
	}
	require.NotEmpty(t, logs.String(), "debug logging was on")
	for _, s := range secrets {
		assert.False(t, strings.Contains(all, s), "%s leaked", s)
	}
}

func withFiles(p *realname.IndividualParams) *realname.IndividualParams {
	cp := *p
	cp.Files = []realname.Attachment{{Role: realname.RoleFacePhoto, Path: "p/face.png"}}
	return &cp
}
