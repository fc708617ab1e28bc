package resellers

import "github.com/hwpartner/go-hwpartner/core"

// listAnswer is ListIndirectPartners' answer.
type listAnswer struct {
	Count    int        `json:"count"`
	Partners []Reseller `json:"indirect_partners"`
}

// DecodeAnswer reads the usual answer in one pass (core.AnswerDecoder):
// a page of 100 is the SDK's most frequent large body.
func (a *listAnswer) DecodeAnswer(body []byte) bool {
	var out listAnswer
	seen := false
	r := core.NewJSONReader(body)
	r.Object(func(key []byte) {
		switch string(key) {
		case "count":
			if !r.Null() {
				out.Count = r.Int()
			}
		case "indirect_partners":
			// A second list: encoding/json would decode it over the first.
			if seen {
				r.Fail()
				return
			}
			seen = true
			if r.Null() {
				out.Partners = nil
				return
			}
			// A reseller takes some 250 bytes on the wire.
			out.Partners = make([]Reseller, 0, min(len(body)/250+1, core.MaxLimit))
			r.Array(func() {
				out.Partners = append(out.Partners, Reseller{})
				out.Partners[len(out.Partners)-1].read(r)
			})
		default:
			r.Fail()
		}
	})
	if !r.Done() {
		return false
	}
	*a = out
	return true
}

// read reads one reseller into the zero r, as json.Unmarshal would: null
// leaves a string as it is and zeroes the time.
func (rs *Reseller) read(r *core.JSONReader) {
	r.Object(func(key []byte) {
		var s *string
		switch string(key) {
		case "indirect_partner_id":
			s = &rs.ID
		case "name":
			s = &rs.Name
		case "account_name":
			s = &rs.AccountName
		case "mobile_phone":
			s = &rs.MobilePhone
		case "email":
			s = &rs.Email
		case "account_manager_id":
			s = &rs.AccountManagerID
		case "account_manager_name":
			s = &rs.AccountManagerName
		case "associated_on":
			if r.Null() {
				rs.AssociatedOn = core.Time{}
			} else if rs.AssociatedOn.UnmarshalJSON(r.StringLiteral()) != nil {
				r.Fail()
			}
			return
		default:
			r.Fail()
			return
		}
		if !r.Null() {
			*s = r.String()
		}
	})
}
