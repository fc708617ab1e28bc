// Package vouchers issues, reclaims and audits voucher (coupon) quotas:
// the amounts from which vouchers can be issued. Huawei gives a distributor
// a quota; the distributor hands parts of it to its resellers (each part
// becomes a new quota owned by the reseller, whose parent is the
// distributor's quota), takes the unused remainder back, and reads the
// history of both.
//
//	page, err := c.Vouchers.Quotas(ctx, nil)             // the distributor's quotas
//	res, err := c.Vouchers.Issue(ctx, &vouchers.IssueParams{
//		QuotaID:     page.Items[0].ID,
//		ResellerIDs: []string{r1, r2, r3},
//		Amount:      hwpartner.AmountFromYuan(100), // to each reseller
//	})
//	var pe *vouchers.PartialError
//	if errors.As(err, &pe) {
//		// Some resellers got nothing: pe.Failures. res.Issued still lists
//		// the resellers that did get a quota.
//	}
//
// # Partial success
//
// Issue and Reclaim are batch calls. The API answers HTTP 200 even when
// some items failed, listing the failures next to the successes. The
// result keeps both lists, and the call also returns a *PartialError when
// any item failed or was left out of the answer, so a plain err != nil
// check never misses a failed reseller.
//
// # Money
//
// Issue and Reclaim move voucher value: they are never sent twice once the
// request may have reached the server. When the outcome is unknown
// (errors.Is(err, hwpartner.ErrOutcomeUnknown)), read Records or Issued
// before trying again. IssueInBatches splits a long reseller list into
// calls the API accepts and stops at the first batch whose outcome is not
// known.
//
// The coupon-quota operations are documented for the China site.
package vouchers
