package outbox

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxNameBytes is the longest file name component the common file systems take (ext4, XFS,
// APFS: 255 bytes; NTFS, SMB: 255 UTF-16 units, which 255 UTF-8 bytes never exceed).
const maxNameBytes = 255

// maxExtBytes: an "extension" longer than this is not one worth keeping whole.
const maxExtBytes = 32

// maxNameTries bounds the search for a free name in a folder.
const maxNameTries = 10_000

// nameFor is base with counter n (0: none, else "stem-n.ext"), within maxNameBytes: the stem
// is shortened (on a character boundary, without a trailing dot or space, which Windows
// refuses, nor a dash before the counter's), never the extension.
func nameFor(base string, n int) string {
	ext := filepath.Ext(base)
	if len(ext) > maxExtBytes {
		ext = ""
	}
	stem := strings.TrimSuffix(base, ext)
	suffix := ""
	if n > 0 {
		suffix = "-" + strconv.Itoa(n)
	}
	if room := maxNameBytes - len(ext) - len(suffix); len(stem) > room {
		for room > 0 && !utf8.RuneStart(stem[room]) {
			room--
		}
		stem = strings.TrimRight(stem[:room], ". -")
	}
	return stem + suffix + ext
}

// moveInto moves src into dir under a free name (see nameFor) and returns the new path.
// The name is claimed without ever replacing another file, even when another desk moves a
// file of the same name into the same folder at the same moment: a hard link to the new
// name fails if the name exists, and only then is the old name removed. Where hard links
// are not available (FAT, some network shares), it falls back to a rename after checking
// the name is free. src must be a path only this desk changes (its claim folder, or a file
// it has just found there).
func moveInto(fsys fileSystem, src, dir string) (string, error) {
	base := filepath.Base(src)
	for n := 0; n < maxNameTries; n++ {
		dst := filepath.Join(dir, nameFor(base, n))
		err := fsys.Link(src, dst)
		if err == nil {
			if err := fsys.Remove(src); err != nil {
				_ = fsys.Remove(dst) // one name only: undo, and say why the move failed
				return "", err
			}
			return dst, nil
		}
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if errors.Is(err, fs.ErrNotExist) {
			return "", err // src is gone (or dir is)
		}
		if _, lerr := fsys.Lstat(dst); lerr == nil {
			continue
		} else if !errors.Is(lerr, fs.ErrNotExist) {
			return "", lerr
		}
		if err := fsys.Rename(src, dst); err != nil {
			return "", err
		}
		return dst, nil
	}
	return "", errNoFreeName
}

// renameInto moves src into dir, a folder only this desk writes (its claim folder), under a
// free name: a plain rename, atomic, which is what makes the claim. The first desk to rename
// a file of the inbox has it; the others find it gone.
func renameInto(fsys fileSystem, src, dir string) (string, error) {
	base := filepath.Base(src)
	for n := 0; n < maxNameTries; n++ {
		dst := filepath.Join(dir, nameFor(base, n))
		if _, err := fsys.Lstat(dst); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if err := fsys.Rename(src, dst); err != nil {
			return "", err
		}
		return dst, nil
	}
	return "", errNoFreeName
}

var errNoFreeName = errors.New("no free name in the folder")
