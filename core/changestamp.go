package core

import (
	"bytes"
	"encoding/binary"
	"time"

	"chorusdesk/storage"
)

// Change times. An import must not overwrite a setting changed here after the bundle's copy
// of it was made, so the records an import compares carry the time they last changed: a
// company (name, SIRET), its setup, the endpoints of each environment, the auto-lock delay.
// The time is kept beside the record, under "mt/" + the record's key (8 bytes, big-endian
// Unix nanoseconds), so the records' own formats do not change and every writer stamps them
// without knowing: Service.update hands its callers a stampingTx. An import writes the
// bundle's own times instead (the copy it takes is as old as the bundle says), through
// stampAt. A record without a time (written before times were kept) counts as older than
// any bundle.
const prefixChangeTime = "mt/"

// stampedPrefixes are the records whose change time is kept.
var stampedPrefixes = [][]byte{[]byte(prefixCompany), []byte(prefixSetup), []byte(prefixEndpoints), []byte(keyAutoLock)}

func isStamped(key []byte) bool {
	for _, p := range stampedPrefixes {
		if bytes.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

func changeTimeKey(key []byte) []byte { return append([]byte(prefixChangeTime), key...) }

// stampingTx writes, with every write of a stamped record, its change time.
type stampingTx struct {
	storage.Tx
	now time.Time
}

func (t stampingTx) Set(key, val []byte) error {
	if err := t.Tx.Set(key, val); err != nil {
		return err
	}
	if isStamped(key) {
		return stampAt(t.Tx, key, t.now)
	}
	return nil
}

func (t stampingTx) Delete(key []byte) error {
	if err := t.Tx.Delete(key); err != nil {
		return err
	}
	if isStamped(key) {
		return t.Tx.Delete(changeTimeKey(key))
	}
	return nil
}

// stampAt records that key changed at when (a zero time removes the stamp: unknown).
func stampAt(txn storage.Tx, key []byte, when time.Time) error {
	if when.IsZero() {
		return txn.Delete(changeTimeKey(key))
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(when.UnixNano()))
	return txn.Set(changeTimeKey(key), b[:])
}

// changedAt is when key last changed; zero when unknown.
func changedAt(txn storage.Tx, key []byte) (time.Time, error) {
	v, ok, err := getValue(txn, changeTimeKey(key))
	if err != nil || !ok || len(v) != 8 {
		return time.Time{}, err
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC(), nil
}
