package storage

import "errors"

// errIsLink: the file to open is a symbolic link (or, on Windows, another reparse point).
// Files of the data directory are never links: one found there was planted, and following
// it would read or write somewhere else.
var errIsLink = errors.New("refusing to follow a link")
