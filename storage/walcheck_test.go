package storage

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// killedWriter runs the crash helper on a new directory until it acknowledged n commits,
// kills it (SIGKILL: no Close, the memtable log stays as the crash left it) and returns the
// data directory and the last acknowledged key.
func killedWriter(t *testing.T, n int) (dir string, acked int) {
	t.Helper()
	dir = t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashHelperEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	for got := 0; got < n && sc.Scan(); got++ {
		if acked, err = strconv.Atoi(strings.TrimPrefix(sc.Text(), "ack ")); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child said %q", sc.Text())
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	return dir, acked
}

// memLog is the crashed directory's memtable log and where Badger's replay would end in it.
func memLog(t *testing.T, dir string) (path string, data []byte, end int) {
	t.Helper()
	mems := dbFiles(t, dir, ".mem")
	if len(mems) == 0 {
		t.Fatal("the killed writer left no memtable log")
	}
	path = largestFile(mems)
	data, err := os.ReadFile(path)
	must(t, err)
	end, complete := walValidEnd(data, walHeaderSize)
	if complete == 0 {
		t.Fatalf("no committed transaction found in %s (%d bytes)", path, len(data))
	}
	return path, data, end
}

// TestCrashedLogDamage: after a crash, Badger cuts its memtable log at the first unreadable
// record. A torn tail (what a crash leaves) opens with every acknowledged write; a log cut
// inside a record or damaged before committed transactions is refused untouched instead of
// losing those transactions without a word.
func TestCrashedLogDamage(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	src, acked := killedWriter(t, 30)
	tests := []struct {
		name    string
		damage  func(t *testing.T, path string, data []byte, end int)
		refused bool
	}{
		{"as the crash left it", func(*testing.T, string, []byte, int) {}, false},
		{"torn tail: half a record after the last commit", func(t *testing.T, p string, data []byte, end int) {
			b := bytes.Clone(data)
			copy(b[end:], bytes.Repeat([]byte{0x5a}, 37))
			writeInPlace(t, p, b)
		}, false},
		{"cut inside the last record", func(t *testing.T, p string, _ []byte, end int) {
			must(t, os.Truncate(p, int64(end-3)))
		}, true},
		{"cut to half", func(t *testing.T, p string, _ []byte, end int) {
			must(t, os.Truncate(p, int64(end/2)))
		}, true},
		{"bit flipped in the first record", func(t *testing.T, p string, data []byte, _ int) {
			b := bytes.Clone(data)
			b[walHeaderSize+5] ^= 0x10
			writeInPlace(t, p, b)
		}, true},
		{"bytes overwritten in the middle", func(t *testing.T, p string, data []byte, end int) {
			b := bytes.Clone(data)
			copy(b[end/2:], []byte{0xde, 0xad, 0xbe, 0xef})
			writeInPlace(t, p, b)
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			copyTree(t, src, dir)
			path, data, end := memLog(t, dir)
			tc.damage(t, path, data, end)
			before := treeHashes(t, dir)
			st, err := open(dir, plenty)
			if !tc.refused {
				if err != nil {
					t.Fatalf("a directory as a crash leaves it was refused: %v", err)
				}
				defer st.Close()
				must(t, st.KV().View(func(tx Tx) error {
					for i := 0; i <= acked; i++ {
						if got, err := tx.Get(fmt.Appendf(nil, "k/%08d", i)); err != nil || !bytes.Equal(got, crashValue(i)) {
							return fmt.Errorf("acknowledged key %d lost: %v", i, err)
						}
					}
					return nil
				}))
				return
			}
			var de *DamagedError
			if err == nil {
				st.Close()
				t.Fatal("a damaged memtable log was opened (Badger would drop committed writes)")
			}
			if !errors.Is(err, ErrDamaged) || !errors.As(err, &de) {
				t.Fatalf("%v, want ErrDamaged", err)
			}
			t.Logf("refused: %s", de.Reason)
			if after := treeHashes(t, dir); !maps.Equal(before, after) {
				t.Fatalf("the refused directory changed")
			}
		})
	}
}

// TestParseWALRecord: a record reads back only whole and intact.
func TestParseWALRecord(t *testing.T) {
	rec := func(meta byte, key, val string) []byte {
		var b []byte
		b = append(b, meta, 0)
		b = appendUvarint(b, uint64(len(key)))
		b = appendUvarint(b, uint64(len(val)))
		b = appendUvarint(b, 0)
		b = append(b, key...)
		b = append(b, val...)
		return appendCRC(b)
	}
	good := rec(walBitTxn, "key-with-ts-12345678", "value")
	tests := []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"whole", good, true},
		{"followed by more", append(bytes.Clone(good), 1, 2, 3), true},
		{"one byte short", good[:len(good)-1], false},
		{"empty", nil, false},
		{"zeros", make([]byte, 64), false},
		{"crc wrong", func() []byte { b := bytes.Clone(good); b[len(b)-1] ^= 1; return b }(), false},
		{"key too long", rec(0, strings.Repeat("k", walMaxKey+1), ""), false},
	}
	for _, tc := range tests {
		if _, ok := parseWALRecord(tc.b); ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.name, ok, tc.ok)
		}
	}
}

func appendCRC(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, walCRC))
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}
