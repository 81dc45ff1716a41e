//go:build !unix

package storage

import "io/fs"

// realSize falls back to the apparent size where block counts are not exposed.
func realSize(info fs.FileInfo) int64 { return info.Size() }
