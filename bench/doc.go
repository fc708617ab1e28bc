// Package bench measures the SDK against Huawei's official Go SDK and
// against hand-written net/http with the SDK's signer, on canned answers
// served in process. It is a module of its own so that the official SDK
// never enters the SDK's module graph, and `go test ./...` of the SDK does
// not run it.
//
//	cd bench && go test -run x -bench . -benchmem
//	go test -run x -bench ListIter -benchtime 1x   # 1,000,000 resellers
//
// Rows (sub-benchmarks sdk / official / nethttp):
//   - DecodePage: one answer of 100 resellers, bytes to values.
//   - List: Resellers.List(limit 100), the whole call, against a canned server.
//   - ListIter: 1,000,000 resellers, page by page; peak-heap-MB stays flat.
//   - PerCall: a small answer; cpu-ns/op is the process's CPU per call
//     (the in-process server's share is the same for every row);
//     PerCallMemory is the same without a network or server.
//   - Concurrent64: 64 callers at once on the default transport;
//     new-conns is how many TCP connections the server accepted.
package bench
