// Package journal keeps a bulk job's journal in one file with bbolt
// (go.etcd.io/bbolt), an embedded, transactional key-value store: every
// Save is one transaction, written and synced to disk before it returns,
// so the journal survives a crash of the process or the machine.
//
// Only one process may have a journal open at a time; a second Open waits
// for a second and fails.
package journal

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/hwpartner/go-hwpartner/bulk"
)

var (
	headerBucket  = []byte("header")
	headerKey     = []byte("job")
	entriesBucket = []byte("entries")
)

// DB is a bulk.Journal in a bbolt file.
type DB struct{ db *bolt.DB }

var _ bulk.Journal = (*DB)(nil)

// Open opens the journal at path, creating it (mode 0600) when it does
// not exist.
func Open(path string) (*DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("journal: %s is open in another process", path)
		}
		return nil, fmt.Errorf("journal: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{headerBucket, entriesBucket} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	return &DB{db: db}, nil
}

// Close closes the file.
func (d *DB) Close() error { return d.db.Close() }

// Header implements bulk.Journal.
func (d *DB) Header(ctx context.Context) (bulk.Header, bool, error) {
	var (
		h  bulk.Header
		ok bool
	)
	if err := ctx.Err(); err != nil {
		return h, false, err
	}
	err := d.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(headerBucket).Get(headerKey)
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &h)
	})
	return h, ok, err
}

// SetHeader implements bulk.Journal.
func (d *DB) SetHeader(ctx context.Context, h bulk.Header) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return d.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(headerBucket).Put(headerKey, v) })
}

// Save implements bulk.Journal: one transaction, synced before it returns.
func (d *DB) Save(ctx context.Context, entries ...bulk.Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	vals := make([][]byte, len(entries))
	for i := range entries {
		v, err := json.Marshal(&entries[i])
		if err != nil {
			return err
		}
		vals[i] = v
	}
	return d.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(entriesBucket)
		for i := range entries {
			if err := b.Put(key(entries[i].Seq), vals[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Entries implements bulk.Journal.
func (d *DB) Entries(ctx context.Context, from uint64, limit int) ([]bulk.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []bulk.Entry
	err := d.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(entriesBucket).Cursor()
		for k, v := c.Seek(key(from)); k != nil && len(out) < limit; k, v = c.Next() {
			var e bulk.Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("journal: entry %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// key orders entries by Seq.
func key(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }
