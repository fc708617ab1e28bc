package cli_test

import (
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hwpartner/go-hwpartner/hwpartnertest"
)

const (
	customerTransferOp = "UpdateCustomerAccountAmount"
	customerReclaimOp  = "ReclaimToPartnerAccount"
	createOp           = "CreateSubCustomer"

	// Personal data of a seeded customer: shown by customers get alone.
	wangID     = "9a8b7c6d5e4f30211203f4e5d6c7b8a9"
	wangName   = "Wang Xiaoming"
	wangPhone  = "13900000077"
	wangEmail  = "wang@shop.example"
	newMobile  = "13700000042"
	newAccount = "shop-42"
)

func seedWang(t *testing.T, srv *hwpartnertest.Server) {
	t.Helper()
	_, err := srv.SeedCustomer(hwpartnertest.Customer{ID: wangID, AccountName: "wang-shop", RealName: wangName,
		Telephone: wangPhone, CountryCode: "0086", Email: wangEmail, Label: "retail", Level: "V3",
		AssociatedOn: time.Date(2024, 5, 1, 1, 0, 0, 0, time.UTC), XAccountID: "wang-0001", XAccountType: hwpartnertest.DemoXAccountType,
		AccountManager: "manager-li", Balance: hwpartnertest.MustParseAmount(t, "10.00")})
	require.NoError(t, err)
}

func assertNoPersonalData(t *testing.T, res result, secrets ...string) {
	t.Helper()
	for _, out := range []string{res.stdout, res.stderr} {
		for _, s := range secrets {
			assert.NotContains(t, out, s)
		}
	}
}

func TestCustomersListHidesContactDetailsThatGetShows(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	seedWang(t, r.srv)
	for _, f := range []string{"table", "json", "csv"} {
		res := r.run("customers", "list", "-o", f)
		require.Equal(t, 0, res.code, res.stderr)
		golden(t, "customers-list."+f, res.stdout)
		assertNoPersonalData(t, res, wangName, wangPhone, wangEmail, hwpartnertest.DemoCustomerMobile)
	}
	res := r.run("customers", "list", "--reseller", hwpartnertest.DemoReseller1, "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 3, strings.Count(res.stdout, "\n"), "a header and the reseller's two customers:\n%s", res.stdout)
	assert.Contains(t, res.stdout, hwpartnertest.DemoResellerCustomerID+",acme-shop-01,partner-funded,")

	res = r.run("customers", "list", "--association", "partner-funded", "--label", "retail", "--real-name", "Wang", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 2, strings.Count(res.stdout, "\n"), res.stdout)
	assert.Contains(t, res.stdout, wangID)
	assertNoPersonalData(t, res, wangName, wangPhone)

	// Asked for one customer, its contact details are shown.
	res = r.run("customers", "get", wangID)
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "customers-get.table", res.stdout)
	res = r.run("customers", "get", hwpartnertest.DemoResellerCustomerID, "--reseller", hwpartnertest.DemoReseller1, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, `"account_name": "acme-shop-01"`)

	res = r.run("customers", "get", hwpartnertest.DemoForeignCustomerID)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "no associated customer")
	res = r.run("customers", "list", "--association", "gold")
	assert.Equal(t, 2, res.code, res.stderr)
}

func TestCustomerBalances(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("balance", "--customer", "demo-customer-0003", "--customer", hwpartnertest.DemoCustomerID)
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "balance-customers.table", res.stdout)

	res = r.run("balance", "--customer", hwpartnertest.DemoResellerCustomerID, "--reseller", hwpartnertest.DemoReseller1, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "balance-reseller-customer.json", res.stdout)

	// A referral customer has no balance the partner can read.
	res = r.run("balance", "--customer", "demo-customer-0003,"+hwpartnertest.DemoReferralCustomerID, "-o", "csv")
	assert.Equal(t, 4, res.code, res.stderr)
	assert.Contains(t, res.stdout, "demo-customer-0003,120.00,CNY,")
	assert.Contains(t, res.stderr, "no balance for "+hwpartnertest.DemoReferralCustomerID+": not partner-funded")
	res = r.run("balance", "--customer", hwpartnertest.DemoReferralCustomerID)
	assert.Equal(t, 1, res.code, res.stderr)
}

func TestCustomerTransferAsksOnATerminal(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.terminal = true
	before := r.srv.Balance(r.srv.DomainID())

	r.stdin = "n\n"
	res := r.run("transfer", "--customer", hwpartnertest.DemoCustomerID, "30")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "Transfer 30.00 CNY from your account to customer "+hwpartnertest.DemoCustomerID+".")
	assert.Contains(t, res.stderr, `POST /v2/accounts/partner-accounts/adjust-amount {"customer_id":"`+hwpartnertest.DemoCustomerID+`","amount":"30.00"}`)
	assert.Contains(t, res.stderr, "not confirmed: nothing was sent")
	assert.Equal(t, 0, r.srv.RequestCount(customerTransferOp))

	r.stdin = "y\n"
	res = r.run("transfer", "--customer", hwpartnertest.DemoCustomerID, "30", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	tx := regexp.MustCompile(`AD\d+`).FindString(res.stdout)
	assert.JSONEq(t, `{"status":"done","operation":"transfer","customer":"`+hwpartnertest.DemoCustomerID+`","reseller":"",
		"amount":"30.00","amount_currency":"CNY","transaction_id":"`+tx+`","request_id":"`+lineValue(res.stdout, "request_id")+`","check":""}`, res.stdout)
	assert.Equal(t, 1, r.srv.RequestCount(customerTransferOp))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "30.00"), r.srv.CustomerBalance(hwpartnertest.DemoCustomerID))
	assert.NotEqual(t, before, r.srv.Balance(r.srv.DomainID()), "out of your account")

	// A reseller's customer is paid out of the reseller's account, and
	// reclaimed into it.
	res = r.run("transfer", "--customer", hwpartnertest.DemoResellerCustomerID, "100", "--reseller", hwpartnertest.DemoReseller1, "--yes")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "Of reseller  "+hwpartnertest.DemoReseller1)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "4900.00"), r.srv.Balance(hwpartnertest.DemoReseller1))
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "400.00"), r.srv.CustomerBalance(hwpartnertest.DemoResellerCustomerID))
	res = r.run("reclaim", "--customer", hwpartnertest.DemoResellerCustomerID, "150", "--reseller", hwpartnertest.DemoReseller1, "--yes")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "5050.00"), r.srv.Balance(hwpartnertest.DemoReseller1))
}

// lineValue is the value of a "key": "value" line of indented JSON.
func lineValue(s, key string) string {
	m := regexp.MustCompile(`"` + key + `": "([^"]*)"`).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestCustomerMovesDryRun(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("transfer", "--customer", hwpartnertest.DemoResellerCustomerID, "25.5", "--reseller", hwpartnertest.DemoReseller1, "--dry-run")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "customer-transfer-dry-run.table", res.stdout)
	res = r.run("reclaim", "--customer", hwpartnertest.DemoCustomerID, "1", "--dry-run", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "customer-reclaim-dry-run.json", res.stdout)

	// Validated like the SDK; the China site only.
	res = r.run("transfer", "--customer", hwpartnertest.DemoCustomerID, "0.001", "--dry-run")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "Amount must have at most 2 decimal places")
	delete(r.env, "HWPARTNER_ENDPOINT")
	res = r.run("--site", "international", "transfer", "--customer", hwpartnertest.DemoCustomerID, "10", "--dry-run")
	assert.Equal(t, 2, res.code, res.stderr)
	assert.Contains(t, res.stderr, "international")
	assert.Equal(t, 0, r.srv.RequestCount(""), "dry runs send nothing, not even the customer lookup")
}

func TestCustomerTransferToAReferralCustomerIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("transfer", "--customer", hwpartnertest.DemoReferralCustomerID, "10", "--yes")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "not partner-funded")
	assert.Contains(t, res.stderr, "Nothing was carried out.")
	assert.Contains(t, res.stdout, "refused")
	assert.Equal(t, 0, r.srv.RequestCount(customerTransferOp))

	res = r.run("reclaim", "--customer", hwpartnertest.DemoForeignCustomerID, "10", "--yes")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Equal(t, 0, r.srv.RequestCount(customerReclaimOp))
}

func TestCustomerTransferWithLostAnswerPrintsTheResolveCommand(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.srv.InjectFault(customerTransferOp, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	res := r.run("transfer", "--customer", hwpartnertest.DemoResellerCustomerID, "40", "--reseller", hwpartnertest.DemoReseller1, "--yes")
	require.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stderr, "Do not send it again before checking")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "340.00"), r.srv.CustomerBalance(hwpartnertest.DemoResellerCustomerID), "the fake carried it out")

	cmd := lineWith(t, res.stderr, "hwpartner resolve transfer --customer")
	assert.Contains(t, res.stdout, cmd, "the table shows it too")
	words := shellWords(cmd)
	require.Equal(t, []string{"hwpartner", "resolve", "transfer", "--customer", hwpartnertest.DemoResellerCustomerID, "40.00",
		"--reseller", hwpartnertest.DemoReseller1, "--started"}, words[:9])
	res = r.run(words[1:]...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "recorded")
	assert.Contains(t, res.stderr, "It happened: do not send it again.")
	assert.Equal(t, 1, r.srv.RequestCount(customerTransferOp), "never sent twice")

	// A 503 did nothing: resolving says not recorded, still unknown.
	r.srv.InjectFault(customerReclaimOp, hwpartnertest.Fault{Status: 503, Code: "CBC.0999", Times: 1})
	res = r.run("reclaim", "--customer", "demo-customer-0003", "20", "--yes", "-o", "json")
	require.Equal(t, 3, res.code, res.stderr)
	assert.Equal(t, "unknown", lineValue(res.stdout, "status"))
	res = r.run(shellWords(lineValue(res.stdout, "check"))[1:]...)
	assert.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stdout, "not_recorded")
	assert.Equal(t, hwpartnertest.MustParseAmount(t, "120.00"), r.srv.CustomerBalance("demo-customer-0003"))
}

// typing answers prompts one line at a time, each line made when it is
// read: a person types the code once it has come.
type typing []func() string

func (ty *typing) Read(p []byte) (int, error) {
	if len(*ty) == 0 {
		return 0, io.EOF
	}
	line := (*ty)[0]() + "\n"
	*ty = (*ty)[1:]
	return copy(p, line), nil
}

func createArgs(xid string, more ...string) []string {
	return append([]string{"customers", "create", "--xaccount-id", xid, "--account-name", newAccount,
		"--reseller", hwpartnertest.DemoReseller1, "--xaccount-type", hwpartnertest.DemoXAccountType}, more...)
}

func TestCustomersCreateOnATerminalSendsTheCodeAndAsksForIt(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.terminal = true
	var code string
	r.in = &typing{
		func() string { return "y" },
		func() string {
			c, ok := r.srv.VerificationCode(newMobile)
			require.True(t, ok, "the code was sent before the prompt")
			code = c
			return c
		},
	}
	res := r.run(createArgs("shop-user-42", "--mobile", newMobile, "-o", "json")...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "A verification code is sent to the mobile number first; you type it in.")
	assert.Contains(t, res.stderr, `"mobile_phone":"[REDACTED]"`)
	assert.Contains(t, res.stderr, "The verification code was sent to the mobile number. Type it here: ")
	assert.Equal(t, "created", lineValue(res.stdout, "status"))
	id := lineValue(res.stdout, "customer_id")
	require.Len(t, id, 32)
	assertNoPersonalData(t, res, newMobile, code)
	assert.Equal(t, 1, r.srv.RequestCount("SendVerificationMessageCode"))
	assert.Equal(t, 1, r.srv.RequestCount(createOp))

	// The new customer has the number; get shows it when asked.
	assert.Contains(t, res.stderr, "hwpartner customers get "+id+" --reseller "+hwpartnertest.DemoReseller1)
	res = r.run("customers", "get", id, "--reseller", hwpartnertest.DemoReseller1)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, newMobile)

	// No code typed: nothing is created.
	r.in = &typing{func() string { return "y" }, func() string { return "" }}
	res = r.run(createArgs("shop-user-43", "--account-name", "shop-43", "--mobile", newMobile)...)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "no code given: nothing was created")
	assert.Equal(t, 1, r.srv.RequestCount(createOp))

	// Typed ahead: each prompt reads its own line of the same input. A
	// wrong code is refused, and the command says what to do.
	r.in, r.stdin = nil, "y\n000000\n"
	res = r.run(createArgs("shop-user-44", "--account-name", "shop-44", "--mobile", newMobile)...)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "CBC.99004010")
	assert.Contains(t, res.stderr, "Run the command again with --code and the code as received")
	assert.Equal(t, 2, r.srv.RequestCount(createOp), "sent with the code typed ahead")
}

func TestCustomersCreateInAScript(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	// Without a terminal the code cannot be asked for: nothing is sent.
	res := r.run(createArgs("shop-user-42", "--mobile", newMobile, "--yes")...)
	assert.Equal(t, 2, res.code, res.stderr)
	assert.Contains(t, res.stderr, "send one with 'hwpartner customers send-code'")
	assert.Equal(t, 0, r.srv.RequestCount(""))

	res = r.run(createArgs("shop-user-42", "--mobile", newMobile, "--dry-run")...)
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "customers-create-dry-run.table", res.stdout)
	assertNoPersonalData(t, res, newMobile)
	assert.Equal(t, 0, r.srv.RequestCount(""))

	res = r.run("customers", "send-code", "--mobile", newMobile)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "sent")
	assertNoPersonalData(t, res, newMobile)
	code, ok := r.srv.VerificationCode(newMobile)
	require.True(t, ok)

	res = r.run(createArgs("shop-user-42", "--mobile", newMobile, "--code", code, "--yes", "--wait", "-o", "csv")...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.True(t, strings.HasPrefix(res.stdout, "status,customer_id,account_name,xaccount_id,reseller,request_id,check\ncreated,"), res.stdout)
	assert.Contains(t, res.stderr, "associated: it is listed among the customers")
	assertNoPersonalData(t, res, newMobile, code)
	res = r.run("customers", "list", "--reseller", hwpartnertest.DemoReseller1, "--account", newAccount, "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 2, strings.Count(res.stdout, "\n"), res.stdout)

	// The same platform user again is refused, and the command says where
	// the first one is.
	res = r.run(createArgs("shop-user-42", "--account-name", "shop-99", "--yes")...)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "CBC.99000039")
	res = r.run(shellWords(lineWith(t, res.stderr, "hwpartner resolve customer-create"))[1:]...)
	assert.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, newAccount)

	// A distributor's own customer: refused, with the way out.
	res = r.run("customers", "create", "--xaccount-id", "own-1", "--xaccount-type", hwpartnertest.DemoXAccountType, "--yes")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "create it for one of your resellers with --reseller")

	// Bad input is a usage error before anything is sent.
	before := r.srv.RequestCount("")
	for _, args := range [][]string{
		createArgs("", "--yes"),
		createArgs("u-2", "--account-name", "4digits-first", "--yes"),
		createArgs("u-3", "--mobile", "12345", "--code", "123456", "--yes"),
		{"customers", "send-code"},
		{"customers", "send-code", "--mobile", "12345"},
	} {
		res := r.run(args...)
		assert.Equal(t, 2, res.code, "%v: %s", args, res.stderr)
	}
	assert.Equal(t, before, r.srv.RequestCount(""))
}

func TestCustomersCreateWithLostAnswerPrintsTheResolveCommand(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.srv.InjectFault(createOp, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	res := r.run(createArgs("shop-user-42", "--yes")...)
	require.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stderr, "The creation may or may not have been carried out. Do not send it again before checking")
	cmd := lineWith(t, res.stderr, "hwpartner resolve customer-create")
	assert.Equal(t, "hwpartner resolve customer-create shop-user-42 --account-name "+newAccount+" --reseller "+hwpartnertest.DemoReseller1, cmd)
	assert.Contains(t, res.stdout, cmd)
	assert.Equal(t, 1, r.srv.RequestCount(createOp), "never sent twice")

	res = r.run(shellWords(cmd)[1:]...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "found")
	assert.Contains(t, res.stderr, "It was created: do not create it again.")

	// Lost before the server read it: not found, which proves nothing.
	r.srv.InjectFault(createOp, hwpartnertest.Fault{Drop: hwpartnertest.DropAfterRead, Times: 1})
	res = r.run(createArgs("shop-user-43", "--account-name", "shop-43", "--yes")...)
	require.Equal(t, 3, res.code, res.stderr)
	res = r.run(shellWords(lineWith(t, res.stderr, "hwpartner resolve customer-create"))[1:]...)
	assert.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stdout, "not_found")
	assert.Contains(t, res.stderr, "That is not proof it was not created")
}

func TestSendCodeForTheBankCardFlow(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	res := r.run("customers", "send-code", "--bank-card", hwpartnertest.DemoBankCardCustomerID, "--mobile", hwpartnertest.DemoCustomerMobile, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"status":"sent","purpose":"bank-card real-name authentication","customer_id":"`+hwpartnertest.DemoBankCardCustomerID+
		`","request_id":"`+lineValue(res.stdout, "request_id")+`"}`, res.stdout)
	sent := r.srv.SentCodes()
	require.Len(t, sent, 1)
	assert.Equal(t, 18, sent[0].Scene)
	assert.Equal(t, hwpartnertest.DemoBankCardCustomerID, sent[0].CustomerID)
	assertNoPersonalData(t, res, hwpartnertest.DemoCustomerMobile, sent[0].Code)

	// A lost answer may still bring a code: exit 3, and wait for it.
	r.srv.InjectFault("SendVerificationMessageCode", hwpartnertest.Fault{Drop: hwpartnertest.DropAfterProcessing, Times: 1})
	res = r.run("customers", "send-code", "--mobile", newMobile)
	assert.Equal(t, 3, res.code, res.stderr)
	assert.Contains(t, res.stderr, "A code may have been sent: wait for it before sending another")
	assert.Equal(t, 2, r.srv.RequestCount("SendVerificationMessageCode"), "never resent")
}

// times masks the clock's times, for golden files of fresh records.
var times = regexp.MustCompile(`\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\+08:00|Z)?`)

func TestRecordsOfCustomersAndAccountChanges(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	seedRecords(t, r.srv)
	seedWang(t, r.srv)
	for _, args := range [][]string{
		{"transfer", "--customer", wangID, "12.34", "--yes"},
		{"reclaim", "--customer", wangID, "2.34", "--yes"},
		{"transfer", hwpartnertest.DemoReseller2, "5", "--yes"},
		{"transfer", "--customer", hwpartnertest.DemoResellerCustomerID, "7", "--reseller", hwpartnertest.DemoReseller1, "--yes"},
	} {
		res := r.run(args...)
		require.Equal(t, 0, res.code, "%v: %s", args, res.stderr)
	}

	// Adjust records name resellers, never a customer: its name may be a
	// person's.
	res := r.run("records", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, ",Acme Cloud Services,", "resellers' names are shown")
	assert.Contains(t, res.stdout, ","+wangID+",,12.34,CNY,")
	assertNoPersonalData(t, res, wangName)
	res = r.run("records", "--customer", wangID, "--type", "reclaim", "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 2, strings.Count(res.stdout, "\n"), res.stdout)
	assert.Contains(t, res.stdout, ",reclaim,"+wangID+",,2.34,CNY,")

	res = r.run("records", "changes")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "records-changes.table", times.ReplaceAllString(res.stdout, "<time>"))
	res = r.run("records", "changes", "--type", "reclaim", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	golden(t, "records-changes-reclaim.json", times.ReplaceAllString(res.stdout, "<time>"))
	res = r.run("records", "changes", "--of-reseller", hwpartnertest.DemoReseller1, "-o", "csv")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 2, strings.Count(res.stdout, "\n"), res.stdout)
	assert.Contains(t, res.stdout, ",transfer,expense,7.00,CNY,4993.00,CNY,"+hwpartnertest.DemoResellerCustomerID+",acme-shop-01,")

	// Days are the API's China Standard Time days.
	today := time.Now().In(time.FixedZone("CST", 8*3600))
	res = r.run("records", "changes", "--to", today.AddDate(0, 0, -1).Format(time.DateOnly))
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "no changes found")
	res = r.run("records", "changes", "--credit")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "no changes found")
}

func TestCustomerUsageErrorsSendNothing(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	for _, args := range [][]string{
		{"transfer", "--reseller", hwpartnertest.DemoReseller1, "10", "--yes"},
		{"transfer", "--customer", hwpartnertest.DemoCustomerID, hwpartnertest.DemoReseller1, "10", "--yes"},
		{"reclaim", "--customer", hwpartnertest.DemoCustomerID, "--yes"},
		{"transfer", "--customer", "", "10", "--yes"},
		{"balance", hwpartnertest.DemoReseller1, "--customer", hwpartnertest.DemoCustomerID},
		{"balance", "--reseller", hwpartnertest.DemoReseller1},
		{"records", "--reseller", hwpartnertest.DemoReseller1, "--customer", hwpartnertest.DemoCustomerID},
		{"records", "changes", "--type", "gift"},
		{"records", "changes", "--from", "2025-3-1"},
		{"resolve", "transfer", "--customer", hwpartnertest.DemoCustomerID, "10"},
		{"resolve", "customer-create"},
	} {
		res := r.run(args...)
		assert.Equal(t, 2, res.code, "%v: %s", args, res.stderr)
	}
	assert.Equal(t, 0, r.srv.RequestCount(""))
}
