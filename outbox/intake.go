package outbox

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

// The intake rule: which files a list of paths brings to the outbox. It is the one rule of
// both faces — the window's file dialog and drag-and-drop, `send FILE|DIR…`, and the inbox
// that `watch` and the window scan:
//
//   - a file named explicitly is taken whatever its name: detection goes by content, and the
//     user chose it;
//   - a folder brings its own .xml and .pdf files (any case), sorted by name. It is not read
//     recursively: an inbox holds its processed/ and refused/ archives below it, and a folder
//     of exports often holds older batches or backups in sub-folders; sending those again
//     is exactly what must not happen by surprise. A sub-folder is sent by naming it;
//   - hidden files and the temporary files editors and ERPs write before renaming (".x",
//     "~x", .tmp, .part, .crdownload, .swp) are passed over silently;
//   - in a folder, a link whose target lies outside the folder is not followed (a folder
//     shared with others must not lead the desk to send what lies elsewhere), and what is not
//     an ordinary file (a named pipe, a device) is skipped, without ever being opened;
//   - a file reached twice (named and inside a named folder) is taken once.

// Skipped is a path ExpandPaths did not take, and why (an *i18n.Error).
type Skipped struct {
	Path string
	Err  error
}

// ExpandPaths applies the intake rule to paths (files and folders, as typed, picked or
// dropped) and returns the files to add, in order, and what it passed over with the reason.
// It opens no file: kinds come from the file system's metadata.
func ExpandPaths(paths []string) (files []string, skipped []Skipped) {
	seen := map[string]bool{}
	take := func(p string) {
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			skipped = append(skipped, Skipped{p, statError(err)})
		case st.IsDir():
			in, out := expandFolder(p)
			for _, f := range in {
				take(f)
			}
			skipped = append(skipped, out...)
		case st.Mode().IsRegular():
			take(p)
		default:
			skipped = append(skipped, Skipped{p, i18n.Errorf(invoice.KeySpecialFile)})
		}
	}
	return files, skipped
}

// expandFolder lists the invoices of one folder (not recursively).
func expandFolder(dir string) (files []string, skipped []Skipped) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, []Skipped{{dir, statError(err)}}
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		switch v := folderEntry(osFS{}, dir, e.Name()); {
		case v.take:
			files = append(files, p)
		case v.why != nil:
			skipped = append(skipped, Skipped{p, v.why})
		}
	}
	return files, skipped
}

// entryVerdict is what the intake rule says of one entry of a folder: take it, pass over it
// silently (why == nil), or pass over it with a reason.
type entryVerdict struct {
	take bool
	why  error
	link bool // a link (inside the folder) to the file taken
}

// folderEntry applies the intake rule to the entry name of folder dir, through fsys (the
// inbox watch passes its own). Names of the intake's own sub-folders and files are passed
// over silently.
func folderEntry(fsys fileSystem, dir, name string) entryVerdict {
	if hiddenOrTemporary(name) || ownName(name) {
		return entryVerdict{}
	}
	p := filepath.Join(dir, name)
	lst, err := fsys.Lstat(p)
	if err != nil {
		return entryVerdict{} // gone since the listing
	}
	st, link := lst, false
	if lst.Mode()&fs.ModeSymlink != 0 {
		if !linkStaysIn(fsys, dir, p) {
			return entryVerdict{why: i18n.Errorf("intake.link_outside", displayName(name))}
		}
		if st, err = fsys.Stat(p); err != nil {
			return entryVerdict{} // a dangling link
		}
		link = true
	}
	switch {
	case st.IsDir():
		return entryVerdict{why: i18n.Errorf("intake.subfolder", displayName(name))}
	case !invoiceName(name):
		return entryVerdict{why: i18n.Errorf("intake.not_invoice_name", displayName(name))}
	case !st.Mode().IsRegular():
		return entryVerdict{why: i18n.Errorf(invoice.KeySpecialFile)}
	}
	return entryVerdict{take: true, link: link}
}

// invoiceName: in a folder, .xml and .pdf files are the invoices.
func invoiceName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xml", ".pdf":
		return true
	}
	return false
}

// hiddenOrTemporary are the names editors and ERPs use while a file is being written.
func hiddenOrTemporary(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~") {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tmp", ".part", ".crdownload", ".swp":
		return true
	}
	return false
}

// ownName: the intake's archive folders, below an inbox (claim folders and presence files
// start with a dot and are hidden already).
func ownName(name string) bool { return name == ProcessedDir || name == RefusedDir }

// linkStaysIn reports whether the link p resolves to a path inside dir.
func linkStaysIn(fsys fileSystem, dir, p string) bool {
	target, err := fsys.EvalSymlinks(p)
	if err != nil {
		return true // dangling: Stat says so next
	}
	root, err := fsys.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(root, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// statError is the reason a path cannot be looked at, in the words of the invoice refusals.
func statError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return i18n.Errorf(invoice.KeyNotFound)
	case errors.Is(err, fs.ErrPermission):
		return i18n.Errorf(invoice.KeyPermission)
	}
	return i18n.Errorf(invoice.KeyReadFailed, displayName(err.Error()))
}
