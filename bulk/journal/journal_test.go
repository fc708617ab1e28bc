package journal_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/bulk"
	"github.com/hwpartner/go-hwpartner/bulk/journal"
)

func entry(seq uint64, st bulk.State) bulk.Entry {
	return bulk.Entry{Seq: seq, State: st, Item: bulk.Item{Kind: bulk.Transfer, ResellerID: "r-1", Amount: hwpartner.AmountFromCents(int64(seq))}}
}

func TestJournalKeepsEntriesInOrderAcrossReopening(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j")
	j, err := journal.Open(path)
	require.NoError(t, err)
	_, ok, err := j.Header(ctx)
	require.NoError(t, err)
	assert.False(t, ok, "a new journal holds no job")

	var es []bulk.Entry
	for seq := uint64(300); seq >= 1; seq-- { // written out of order
		es = append(es, entry(seq, bulk.Pending))
	}
	require.NoError(t, j.Save(ctx, es...))
	started := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	done := entry(7, bulk.Done)
	done.TransactionID, done.Sends, done.Started, done.Candidates = "AD1", 2, started, []string{"a", "b"}
	require.NoError(t, j.Save(ctx, done))
	h := bulk.Header{Digest: "abc", Items: 300, Created: started}
	require.NoError(t, j.SetHeader(ctx, h))
	require.NoError(t, j.Close())

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "readable by its owner only")

	j, err = journal.Open(path)
	require.NoError(t, err)
	defer j.Close()
	got, ok, err := j.Header(ctx)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, h, got)
	page, err := j.Entries(ctx, 5, 4)
	require.NoError(t, err)
	require.Len(t, page, 4)
	for i, e := range page {
		assert.Equal(t, uint64(5+i), e.Seq)
	}
	assert.Equal(t, done, page[2], "replaced in place, every field kept")
	page, err = j.Entries(ctx, 299, 10)
	require.NoError(t, err)
	assert.Len(t, page, 2)
	n := 0
	for e, err := range bulk.Entries(ctx, j) {
		require.NoError(t, err)
		n++
		assert.Equal(t, uint64(n), e.Seq)
	}
	assert.Equal(t, 300, n)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	assert.Error(t, j.Save(cancelled, entry(1, bulk.Done)))
	page, err = j.Entries(ctx, 1, 1)
	require.NoError(t, err)
	assert.Equal(t, bulk.Pending, page[0].State, "nothing written under a cancelled context")
}

func TestJournalRefusesAFileThatIsNotOne(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "j")
	require.NoError(t, os.WriteFile(path, []byte("id,kind\n1,transfer\n"), 0o600))
	_, err := journal.Open(path)
	assert.Error(t, err, "a CSV given where the journal goes is not overwritten")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "id,kind\n1,transfer\n", string(data))
}
