package outbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"chorusdesk/i18n"
)

// Sub-folders of a watched inbox. A file is taken in three steps: it is claimed (renamed
// into this desk's claim folder, .claimed-<desk>, so that no other desk watching the same
// folder takes it too), added to the outbox (whose store keeps the content), then moved out
// of the way: invoices (queued, held or refused as duplicates) to processed/, files that are
// not invoices to refused/. A file that cannot be moved stays in the claim folder, out of the
// inbox, so it is never taken twice; the item says so.
const (
	ProcessedDir = "processed"
	RefusedDir   = "refused"
)

// DefaultSettle is how long a file's size and modification time must stay the same before it
// is read: an ERP may pause while writing a large file.
const DefaultSettle = 3 * time.Second

// WatchOptions tune Watch.
type WatchOptions struct {
	Company string // company chosen for invoices whose seller SIRET matches none
	// Settle is how long a file must stay unchanged (size and modification time) before it
	// is taken, and how long a file that is not an invoice gets to become one (a writer may
	// have paused) before it is refused. Default DefaultSettle.
	Settle time.Duration
	// Desk names this desk in its claim folder and in what other desks watching the same
	// folder are told. Default: the host name and a short mark of the data directory.
	Desk string
	// OnFile is told about each file taken (it is the Add result, or the refusal of a link
	// leaving the inbox); may be nil. Called from the watch goroutine.
	OnFile func(path string, it Item, err error)
	// OnNotice is told what the watch wants the user to know that is not a file taken: a
	// file it waits for or leaves in the inbox, and why; another desk watching the folder.
	// Each is said once, not at every look. May be nil. Called from the watch goroutine.
	OnNotice func(Notice)

	// Test seams: the file system, the clock, and a hook after each look at the folder.
	fs     fileSystem
	clock  clock
	passed func(now, next time.Time)
}

// NoticeKind sorts the notices of the watch.
type NoticeKind string

const (
	NoticeWaiting      NoticeKind = "waiting"       // a file is not taken yet, and why (it is looked at again)
	NoticeLeft         NoticeKind = "left"          // a file is left where it is, and why
	NoticeSkipped      NoticeKind = "skipped"       // an entry the intake rule does not take
	NoticeMoveFailed   NoticeKind = "move_failed"   // a file taken could not be moved out of the claim folder
	NoticeReadOnly     NoticeKind = "read_only"     // the inbox cannot be changed
	NoticeOtherWatcher NoticeKind = "other_watcher" // another desk watches the folder
	NoticeStaleClaims  NoticeKind = "stale_claims"  // files claimed by a desk that no longer watches
	NoticeInbox        NoticeKind = "inbox"         // the inbox itself cannot be read
)

// Notice is one thing the watch tells the user.
type Notice struct {
	Kind NoticeKind
	Path string // the file, or the inbox, it is about
	Text Text   // what and why, in every language
	key  string // its catalog key (tests tell notices apart by it)
}

// Localize renders the notice in lang.
func (n Notice) Localize(lang i18n.Lang) string { return n.Text.In(lang) }

// eventGap spaces the looks at the folder that file system events trigger: a file being
// written sends one event per write.
const eventGap = 100 * time.Millisecond

// Watch takes every invoice file dropped in dir (and those already there) until ctx ends.
// It does not stop on file system errors: each ends in a bounded retry and then a notice,
// and the next files keep flowing. It returns an error only when dir is not a folder.
func (o *Outbox) Watch(ctx context.Context, dir string, opt WatchOptions) error {
	if st, err := os.Stat(dir); err != nil {
		return statError(err)
	} else if !st.IsDir() {
		return i18n.Errorf("intake.not_a_folder", displayName(dir))
	}
	w := o.newWatcher(dir, opt)
	w.start()
	defer w.stop()

	events := make(chan struct{}, 1)
	if fw, err := fsnotify.NewWatcher(); err == nil {
		defer fw.Close()
		// Without events (some network shares) the watch still looks at the folder every
		// settle time.
		if fw.Add(w.dir) == nil {
			go forwardEvents(fw, events)
		}
	}
	var lastPass time.Time
	due := w.clock.Now()
	for {
		now := w.clock.Now()
		if !now.Before(due) {
			due = w.pass(now)
			lastPass = now
			if w.opt.passed != nil {
				w.opt.passed(now, due)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-events:
			if t := lastPass.Add(eventGap); t.Before(due) {
				due = t
			}
		case <-w.clock.At(due):
		}
	}
}

// forwardEvents turns fsnotify's events (and overflows) into "look again" signals, coalesced.
func forwardEvents(fw *fsnotify.Watcher, out chan<- struct{}) {
	for {
		select {
		case _, ok := <-fw.Events:
			if !ok {
				return
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return
			}
			_ = errors.Is(err, fsnotify.ErrEventOverflow) // events lost: the look rescans anyway
		}
		select {
		case out <- struct{}{}:
		default:
		}
	}
}

// absDir is dir made absolute, for links and claim folders; dir as given if that fails.
func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
