package funds_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/funds"
)

// A full page of adjust records: decoding 100 exact amounts and times, and
// Resolve's matching over them.
func recordsPage() string {
	at := core.FormatTime(time.Now().Add(-time.Minute))
	recs := make([]string, 100)
	for i := range recs {
		recs[i] = fmt.Sprintf(`{"customer_id":"r1","customer_name":"Acme","operation_type":"SOURCE_OPERATION_BEADJUST",`+
			`"amount":"%d.%02d","currency":"CNY","operation_time":%q,"measure_id":1,"trans_id":"T%04d"}`, i+1, i, at, i)
	}
	return `{"total_count":100,"records":[` + strings.Join(recs, ",") + `]}`
}

func BenchmarkRecordsPage(b *testing.B) {
	s := funds.NewService(&answerRequester{body: recordsPage()})
	p := &funds.RecordsParams{ListOptions: core.ListOptions{Limit: 100}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Records(b.Context(), p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolvePage(b *testing.B) {
	s := funds.NewService(&answerRequester{body: recordsPage()})
	a, err := core.ParseAmount("50.49")
	if err != nil {
		b.Fatal(err)
	}
	p := &funds.ResolveParams{Operation: funds.OperationTransfer, ResellerID: "r1", Amount: a, Started: time.Now().Add(-2 * time.Minute)}
	b.ReportAllocs()
	for b.Loop() {
		out, err := s.Resolve(b.Context(), p)
		if err != nil || out.Resolution != funds.Recorded {
			b.Fatal(out, err)
		}
	}
}
