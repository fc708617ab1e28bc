// Package resellers lists the resellers (云经销商, tier-2 partners, "indirect
// partners" in the API) associated with a distributor.
//
// Use it through hwpartner.Client.Resellers, or build a Service on any
// core.Requester. Only distributor credentials may call it.
//
//	for r, err := range c.Resellers.ListIter(ctx, &resellers.ListParams{}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(r.ID, r.Name)
//	}
//
// Reseller ids (Reseller.ID, the API's indirect_partner_id) are what the
// funds and voucher operations take.
package resellers
