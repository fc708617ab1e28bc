package customers_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/customers"
	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

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

// Real names, phone numbers, emails, codes and passwords never show in
// printed values, logs or errors.
func TestPersonalDataStaysOut(t *testing.T) {
	t.Parallel()
	secrets := []string{"Zhao Lei", "13800000001", "zhao@example.com", "S3cret!pass", "482915", "13900000009", "ana@example.mx"}
	logs := &syncBuf{}
	c, srv := setup(t, hwpartner.WithLogger(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	var out strings.Builder
	show := func(vs ...any) {
		for _, v := range vs {
			fmt.Fprintf(&out, "%v|%+v|%#v|%s|%q\n", v, v, v, v, v)
		}
		l := slog.New(slog.NewJSONHandler(&out, nil))
		for _, v := range vs {
			l.Info("value", "v", v)
		}
	}
	cu, err := c.Customers.Get(t.Context(), funded)
	require.NoError(t, err)
	require.Equal(t, "Zhao Lei", cu.RealName)
	list := customers.ListParams{RealName: "Zhao Lei"}
	create := customers.CreateParams{XAccountID: "u", XAccountType: "t", MobilePhone: hwpartner.Ptr("13900000009"),
		VerificationCode: "482915", Password: "S3cret!pass"}
	intl := customers.CreateParams{Email: "ana@example.mx", Password: "S3cret!pass"}
	code := customers.SendCodeParams{MobilePhone: "13900000009", Email: "ana@example.mx"}
	check := customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "0086-13900000009"}
	rec := customers.Record{CustomerName: "Zhao Lei", TransactionID: "T1"}
	show(cu, *cu, list, &list, create, &create, intl, code, &code, check, &check, rec, &rec)

	// Refusals that echo what was sent, and other people's numbers and
	// addresses.
	others := " (also 13800000001, 0086-13800000001 and zhao@example.com)"
	srv.InjectFault(opCreate, hwpartnertest.Fault{Status: 400, Code: "CBC.0100",
		Message: "bad 13900000009 / 482915 / S3cret!pass" + others})
	srv.InjectFault(opSendCode, hwpartnertest.Fault{Status: 400, Code: "CBC.0100", Message: "bad 13900000009" + others})
	srv.InjectFault(opCheck, hwpartnertest.Fault{Status: 400, Code: "CBC.0100", Message: "bad 13900000009" + others})
	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t",
		MobilePhone: hwpartner.Ptr("13900000009"), VerificationCode: "482915", Password: "S3cret!pass", ResellerID: resellerID})
	require.Error(t, err)
	show(err)
	_, err = c.Customers.SendVerificationCode(t.Context(), &customers.SendCodeParams{MobilePhone: "13900000009"})
	require.Error(t, err)
	show(err)
	_, err = c.Customers.CheckIdentity(t.Context(), &customers.CheckIdentityParams{Type: customers.SearchMobile, Value: "0086-13900000009"})
	require.Error(t, err)
	show(err)
	var apiErr *hwpartner.Error
	require.ErrorAs(t, err, &apiErr)
	show(apiErr, *apiErr)
	assert.Empty(t, apiErr.Body, "the echoed body is dropped")
	assert.Contains(t, apiErr.Message, "bad [REDACTED]")

	// Validation problems.
	_, err = c.Customers.Create(t.Context(), &customers.CreateParams{XAccountID: "u", XAccountType: "t",
		MobilePhone: hwpartner.Ptr("139000000099"), Password: "13900000009"})
	require.Error(t, err)
	show(err)

	all := out.String() + logs.String()
	require.NotEmpty(t, logs.String(), "debug logging was on")
	for _, s := range secrets {
		assert.NotContains(t, all, s)
	}
	assert.Contains(t, all, funded, "what is not personal still shows")
}
