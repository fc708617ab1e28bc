// Package bulk runs lists of money moves — transfers to and reclaims from
// resellers, customer fund moves, quota issues and reclaims — at the API's
// rate limit, through a journal that survives a crash, so a job of
// thousands of items can be stopped, killed and resumed without paying
// anyone twice or skipping anyone.
//
// The API has no idempotency key, so the journal is what makes a resume
// safe. For every API call the runner writes the intent (the items, state
// Sending, the time) durably before sending, and the outcome after. An
// item whose outcome is unknown (a timeout, a 5xx, a dropped connection,
// or a process that died while sending) is looked up in the API's records
// with the SDK's resolvers (funds, customers and vouchers Service.Resolve)
// before anything else:
//
//   - a record of it: it is done, with that record's transaction;
//   - no record, in a lookup made Config.Settle (2 minutes) or more after
//     the request: it was not carried out, and it is sent again;
//   - no record yet: looked up again once Settle has passed;
//   - records that cannot tell (two moves of the same amount to the same
//     reseller, say): it is ambiguous and never sent again by the runner;
//     a person settles it (Runner.Settle) after checking the Partner
//     Center.
//
// A refusal that proves nothing was carried out (not sent, flow control)
// is sent again after a backoff; a business refusal (insufficient balance,
// not your reseller) fails the item, which the report lists.
//
//	c, _ := hwpartner.NewClient()              // paced at the documented quotas
//	j, _ := journal.Open("month-start.journal") // package bulk/journal
//	defer j.Close()
//	job, _ := bulk.ReadCSV(file)
//	r, _ := bulk.New(j, bulk.Services{Funds: c.Funds, Vouchers: c.Vouchers, Customers: c.Customers}, bulk.Config{})
//	if _, err := r.Plan(ctx, job); err != nil { ... } // validated, stored; same job: resumes
//	p, err := r.Run(ctx)                              // run again after a crash to resume
//	bulk.WriteCSV(ctx, j, os.Stdout)                  // every item, outcome, transaction id
//
// Pacing is the client's (hwpartner.WithRateLimit): the runner only keeps
// Config.Concurrency calls in flight. Other kinds of calls, or other
// resolvers, plug in as an Executor (Config.Executors).
package bulk
