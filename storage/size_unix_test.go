//go:build unix

package storage

import (
	"io/fs"
	"syscall"
)

// realSize is the space a file really takes (allocated 512-byte blocks), which is what
// matters for Badger's sparse, mmapped files.
func realSize(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Blocks * 512
	}
	return info.Size()
}
