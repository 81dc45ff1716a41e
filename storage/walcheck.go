package storage

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// After a crash, Badger replays each write-ahead log — the memtables (.mem) and the value
// logs (.vlog) — up to its first unreadable record and cuts the file there. That is right
// for the torn tail a crash leaves (the transaction being written when the power went), but
// a log damaged in the middle (a sync tool or a partial copy cutting the file, a bit flipped)
// would silently lose every committed transaction after the damage: the outbox would forget
// deposits and send the invoices again. checkLogs reads the logs as Badger would (never
// writing) and calls the directory damaged when committed data lies beyond the point where
// Badger would stop, or when a log is shorter than Badger ever leaves one.

// Badger's log format (badger/v4 memtable.go, value.go, structs.go): a 20-byte header
// (encryption key id and IV), then records | meta | userMeta | uvarint klen | uvarint vlen |
// uvarint expiresAt | key | value | CRC-32C of all that, big-endian |. A transaction's records
// carry bitTxn, its last one bitFinTxn with the commit timestamp as decimal text.
const (
	walHeaderSize = 20
	walBitTxn     = 1 << 6
	walBitFinTxn  = 1 << 7
	walMaxKey     = 1 << 16
)

var walCRC = crc32.MakeTable(crc32.Castagnoli)

type walRecord struct {
	meta       byte
	key, value []byte
	size       int
}

// parseWALRecord reads the record at the start of b; ok is false when it is not a whole,
// intact record (Badger's reader would stop there).
func parseWALRecord(b []byte) (r walRecord, ok bool) {
	if len(b) < 2 {
		return r, false
	}
	i := 2
	var lens [3]uint64
	for j := range lens {
		v, n := binary.Uvarint(b[i:])
		if n <= 0 {
			return r, false
		}
		lens[j], i = v, i+n
	}
	klen, vlen := lens[0], lens[1]
	if klen > walMaxKey || vlen > uint64(len(b)) || uint64(len(b)-i) < klen+vlen+crc32.Size {
		return r, false
	}
	end := i + int(klen) + int(vlen)
	if binary.BigEndian.Uint32(b[end:]) != crc32.Checksum(b[:end], walCRC) {
		return r, false
	}
	return walRecord{meta: b[0], key: b[i : i+int(klen)], value: b[i+int(klen) : end], size: end + crc32.Size}, true
}

func walTs(key []byte) uint64 {
	if len(key) <= 8 {
		return 0
	}
	return math.MaxUint64 - binary.BigEndian.Uint64(key[len(key)-8:])
}

// walValidEnd follows Badger's replay from off: the offset after the last complete
// transaction (or plain record), where Badger would cut the log.
func walValidEnd(data []byte, off int) (validEnd int, complete int) {
	validEnd = off
	var txnTs uint64
	for off < len(data) {
		r, ok := parseWALRecord(data[off:])
		if !ok || len(r.key) == 0 && len(r.value) == 0 && r.meta == 0 {
			break
		}
		off += r.size
		switch {
		case r.meta&walBitTxn != 0:
			ts := walTs(r.key)
			if txnTs == 0 {
				txnTs = ts
			}
			if ts != txnTs {
				return validEnd, complete
			}
		case r.meta&walBitFinTxn != 0:
			ts, err := strconv.ParseUint(string(r.value), 10, 64)
			if err != nil || ts != txnTs {
				return validEnd, complete
			}
			txnTs, validEnd = 0, off
			complete++
		default:
			if txnTs != 0 {
				return validEnd, complete
			}
			validEnd = off
			complete++
		}
	}
	return validEnd, complete
}

// checkLog reports why the log at path would lose committed data when Badger replays it
// ("" when it would not). prealloc is the size Badger gives a log it is writing.
func checkLog(path string, prealloc int64) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if len(data) == 0 {
		return "", nil // created by a crash during the very first open
	}
	if len(data) < walHeaderSize {
		return "shorter than its header", nil
	}
	end, _ := walValidEnd(data, walHeaderSize)
	// Badger leaves a log either at its preallocated size (being written) or cut exactly
	// after its last record (replayed or sealed): anything else was cut by someone else.
	if int64(len(data)) < prealloc && end != len(data) {
		return "cut short at " + strconv.Itoa(len(data)) + " bytes inside a record", nil
	}
	// A crash tears at most the transaction being written: a complete transaction further on
	// was committed, and Badger would drop it.
	for p := end + 1; p < len(data); p++ {
		if data[p] == 0 && p+1 < len(data) && data[p+1] == 0 {
			continue // zeros: the preallocated rest of the file (a record has a non-zero length)
		}
		if _, ok := parseWALRecord(data[p:]); !ok {
			continue
		}
		if _, complete := walValidEnd(data, p); complete > 0 {
			return "unreadable record at offset " + strconv.Itoa(end) + " with committed records after it", nil
		}
	}
	return "", nil
}

// checkLogs runs checkLog on every memtable and value log of dbDir.
func checkLogs(dbDir string, memTableSize, valueLogFileSize int64) error {
	entries, err := os.ReadDir(dbDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		var prealloc int64
		switch {
		case strings.HasSuffix(name, ".mem"):
			prealloc = 2 * memTableSize
		case strings.HasSuffix(name, ".vlog"):
			prealloc = 2 * valueLogFileSize
		default:
			continue
		}
		why, err := checkLog(filepath.Join(dbDir, name), prealloc)
		if err != nil {
			return err
		}
		if why != "" {
			return damaged("%s: %s", name, why)
		}
	}
	return nil
}
