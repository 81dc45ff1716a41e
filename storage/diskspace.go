package storage

import "chorusdesk/i18n"

// ErrDiskFull: the disk holding the data directory has too little free space; nothing was
// written and what was stored stays intact.
var ErrDiskFull = i18n.Errorf("store.disk_full")

// MinFreeSpace is what every write leaves free on the data directory's disk. Badger maps its
// memtables and value-log files into memory and fills them through the mapping: on a disk with
// no room left, the kernel answers such a write with SIGBUS, which kills the process (it is
// not an error Badger could return). Refusing writes before the disk gets that full keeps
// Badger's files writable: a memtable and a value-log file are a few MiB each here
// (badgerOptions), compaction writes tables of 1 MiB, so 32 MiB leaves a wide margin.
const MinFreeSpace = 32 << 20

// checkSpace refuses with ErrDiskFull when the disk of the data directory has less than
// MinFreeSpace + extra bytes free. Where the platform cannot tell, or statfs fails, the write
// goes ahead (a real ENOSPC is still mapped to ErrDiskFull where it surfaces as an error).
func (s *Store) checkSpace(extra uint64) error {
	free, known, err := s.freeSpace(s.dir)
	if err != nil || !known {
		return nil
	}
	if free < MinFreeSpace+extra {
		return ErrDiskFull
	}
	return nil
}
