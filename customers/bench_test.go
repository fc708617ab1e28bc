package customers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hwpartner/go-hwpartner/core"
	"github.com/hwpartner/go-hwpartner/customers"
)

// fixedAnswer answers every call with one JSON body, without I/O.
type fixedAnswer struct{ body string }

func (f fixedAnswer) Do(_ context.Context, op *core.Operation, params, result any) (core.ResponseMeta, error) {
	if v, ok := params.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return core.ResponseMeta{}, err
		}
	}
	return core.ResponseMeta{StatusCode: 200}, json.Unmarshal([]byte(f.body), result)
}

// A full page of customers with every field: what List costs beyond I/O.
func BenchmarkListPage(b *testing.B) {
	infos := make([]string, 100)
	for i := range infos {
		infos[i] = fmt.Sprintf(`{"customer_id":"%032x","account_name":"shop-%03d","customer":"Name %d","associated_on":"2024-05-01T08:00:00Z",`+
			`"association_type":"2","label":"retail","telephone":"1380000%04d","country_code":"0086","email":"c%d@example.com",`+
			`"verified_status":"2","customer_type":0,"is_frozen":0,"account_managers":[{"account_name":"li.na"}],`+
			`"xaccount_id":"u-%d","xaccount_type":"shop","customer_level":"V1"}`, i, i, i, i, i, i)
	}
	s := customers.NewService(fixedAnswer{body: `{"count":100,"customer_infos":[` + strings.Join(infos, ",") + `]}`})
	p := &customers.ListParams{ListOptions: core.ListOptions{Limit: 100}}
	b.ReportAllocs()
	for b.Loop() {
		page, err := s.List(b.Context(), p)
		if err != nil || len(page.Items) != 100 {
			b.Fatal(page, err)
		}
	}
}
