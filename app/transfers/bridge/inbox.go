package bridge

import (
	"context"
	"errors"
	"os"

	"chorusdesk/outbox"
)

// InboxNews is what the inbox watch reports to the view: a file refused, something the watch
// wants the user to know (Notice), or its end.
type InboxNews struct {
	Path   string      // the file refused or noticed ("" when the watch itself stopped)
	Dir    string      // the folder watched
	Err    error       // why the file was refused, or why the watch stopped (nil: stopped by the user)
	Notice outbox.Text // a notice of the watch (a file it waits for or leaves, another desk…)
	Ended  bool        // the watch is over
}

// inboxWatch is a running outbox.Watch of one folder.
type inboxWatch struct {
	dir     string
	company string // the company chosen for files whose seller matches none
	cancel  context.CancelFunc
}

// Watching reports the folder watched, if any.
func (b *Bridge) Watching() (dir string, on bool) {
	if b.watch == nil {
		return "", false
	}
	return b.watch.dir, true
}

// WatchCompany is the company the running watch gives to files whose seller matches no
// company ("" when none was chosen, or no watch runs): the tray resumes a paused watch with it.
func (b *Bridge) WatchCompany() string {
	if b.watch == nil {
		return ""
	}
	return b.watch.company
}

// StartWatch watches dir in its own goroutine until StopWatch or Stop; a file dropped there is
// added as by Add (company as there). A refused file, the watch's notices and its end are
// reported to the listener's Inbox. Nothing happens before the engine is loaded or while a watch runs.
func (b *Bridge) StartWatch(dir, company string) {
	eng := b.engine
	if eng == nil || b.watch != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &inboxWatch{dir: dir, company: company, cancel: cancel}
	b.watch = w
	b.watchChanged()
	go func() {
		err := eng.Watch(ctx, dir, outbox.WatchOptions{Company: company,
			OnNotice: func(n outbox.Notice) {
				b.hop(func() { b.inbox(InboxNews{Path: n.Path, Dir: dir, Notice: n.Text}) })
			},
			OnFile: func(path string, _ outbox.Item, err error) {
				var dup *outbox.DuplicateError
				if err == nil || errors.As(err, &dup) {
					return // the row shows it
				}
				b.hop(func() { b.inbox(InboxNews{Path: path, Dir: dir, Err: err}) })
			}})
		b.hop(func() {
			if b.watch == w {
				b.watch = nil
				b.watchChanged()
			}
			b.inbox(InboxNews{Dir: dir, Err: err, Ended: true})
		})
	}()
}

// StopWatch ends the running watch, if any.
func (b *Bridge) StopWatch() {
	if b.watch == nil {
		return
	}
	b.watch.cancel()
	b.watch = nil
	b.watchChanged()
	b.inbox(InboxNews{Dir: "", Ended: true})
}

// watchChanged tells Config.OnWatch that the watch started or ended (Fyne's goroutine).
func (b *Bridge) watchChanged() {
	if f := b.cfg.OnWatch; f != nil {
		f()
	}
}

func (b *Bridge) inbox(n InboxNews) {
	if f := b.listener.Inbox; f != nil {
		f(n)
	}
}

// IsFolder tells done, on Fyne's goroutine, whether dir is a folder: a typed inbox path may
// be on a network share that takes seconds to answer, so it is looked at off Fyne's goroutine.
func (b *Bridge) IsFolder(dir string, done func(bool)) {
	b.cfg.RunAsync(func() {
		fi, err := os.Stat(dir)
		ok := err == nil && fi.IsDir()
		b.hop(func() { done(ok) })
	})
}
