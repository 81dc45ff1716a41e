package outbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Sub-folders of a watched inbox. Once a file's content is safely in the outbox store, the
// file is moved out of the inbox so the folder shows only what is still to be taken:
// invoices (queued, held or refused as duplicates) go to processed/, files that are not
// invoices go to refused/. When a move fails (read-only share…), the file stays and a
// seen-set (path, size, modification time) keeps it from being added twice while the watch
// runs.
const (
	ProcessedDir = "processed"
	RefusedDir   = "refused"
)

// WatchOptions tune Watch.
type WatchOptions struct {
	Company string // company chosen for invoices whose seller SIRET matches none
	// Settle is how long a file's size and modification time must stay the same before it
	// is read (an ERP may still be writing it). Default 1 s.
	Settle time.Duration
	// OnFile is told about each file taken (it is the Add result); may be nil. Called from the
	// watch goroutine.
	OnFile func(path string, it Item, err error)
}

type fileSig struct {
	size int64
	mod  time.Time
}

// Watch takes every invoice file dropped in dir (and those already there) until ctx ends.
func (o *Outbox) Watch(ctx context.Context, dir string, opt WatchOptions) error {
	if opt.Settle <= 0 {
		opt.Settle = time.Second
	}
	for _, sub := range []string{ProcessedDir, RefusedDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return err
		}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		return err
	}
	pending := map[string]fileSig{} // path → last signature seen
	seen := map[string]fileSig{}    // files taken but not moved
	consider := func(p string) {
		if candidate(p) {
			if _, ok := pending[p]; !ok {
				pending[p] = fileSig{size: -1}
			}
		}
	}
	// Files already waiting when the watch starts.
	if ents, err := os.ReadDir(dir); err == nil {
		for _, e := range ents {
			if e.Type().IsRegular() {
				consider(filepath.Join(dir, e.Name()))
			}
		}
	}
	tick := time.NewTicker(max(opt.Settle/2, time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write) || ev.Has(fsnotify.Chmod) {
				consider(ev.Name)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: rescan the folder.
				if ents, err := os.ReadDir(dir); err == nil {
					for _, e := range ents {
						if e.Type().IsRegular() {
							consider(filepath.Join(dir, e.Name()))
						}
					}
				}
			}
		case <-tick.C:
			for p, last := range pending {
				st, err := os.Stat(p)
				if err != nil || !st.Mode().IsRegular() {
					delete(pending, p) // gone (moved away by someone else)
					continue
				}
				sig := fileSig{size: st.Size(), mod: st.ModTime()}
				if sig != last || time.Since(sig.mod) < opt.Settle {
					pending[p] = sig // still changing: look again next tick
					continue
				}
				delete(pending, p)
				if s, ok := seen[p]; ok && s == sig {
					continue
				}
				it, err := o.Add(p, AddOptions{Company: opt.Company})
				if it.ID != "" || err == nil {
					sub := ProcessedDir
					if it.SHA == "" {
						sub = RefusedDir
					}
					if moveAway(p, filepath.Join(dir, sub)) != nil {
						seen[p] = sig
					}
				}
				if opt.OnFile != nil {
					opt.OnFile(p, it, err)
				}
			}
		}
	}
}

// candidate skips hidden and temporary files (editors and ERPs write those, then rename).
func candidate(p string) bool {
	base := filepath.Base(p)
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "~") {
		return false
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".tmp", ".part", ".crdownload", ".swp":
		return false
	}
	return true
}

// moveAway moves p into dir, adding a numeric suffix when the name is taken.
func moveAway(p, dir string) error {
	base := filepath.Base(p)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	dst := filepath.Join(dir, base)
	for i := 1; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, os.ErrNotExist) {
			break
		}
		dst = filepath.Join(dir, stem+"-"+strconv.Itoa(i)+ext)
	}
	return os.Rename(p, dst)
}
