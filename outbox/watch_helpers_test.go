package outbox

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now().Truncate(time.Second)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) At(at time.Time) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if !at.After(c.now) {
		ch <- c.now
		return ch
	}
	c.timers = append(c.timers, fakeTimer{at: at, ch: ch})
	return ch
}

// Advance moves the clock on and fires the timers that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, t := range c.timers {
		if !t.at.After(c.now) {
			t.ch <- c.now
		} else {
			kept = append(kept, t)
		}
	}
	c.timers = kept
}

// fault makes the file system operation op fail with err for paths containing match, times
// times (-1: always). op is an fs method name in lower case; "move" is link and rename.
type fault struct {
	op, match string
	err       error
	times     int
}

// faultFS is the real file system with injected failures, counting what it was asked.
type faultFS struct {
	mu     sync.Mutex
	faults []*fault
	calls  map[string]int
}

func newFaultFS(faults ...*fault) *faultFS { return &faultFS{faults: faults, calls: map[string]int{}} }

// clear removes every fault (the lock is gone, the share is writable again).
func (f *faultFS) clear() {
	f.mu.Lock()
	f.faults = nil
	f.mu.Unlock()
}

func (f *faultFS) check(op, subject string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[op]++
	for _, ft := range f.faults {
		if ft.times == 0 || !strings.Contains(subject, ft.match) {
			continue
		}
		if ft.op == op || (ft.op == "move" && (op == "link" || op == "rename")) {
			if ft.times > 0 {
				ft.times--
			}
			return ft.err
		}
	}
	return nil
}

func (f *faultFS) ReadDir(dir string) ([]fs.DirEntry, error) {
	if err := f.check("readdir", dir); err != nil {
		return nil, err
	}
	return osFS{}.ReadDir(dir)
}
func (f *faultFS) Lstat(p string) (fs.FileInfo, error) { return osFS{}.Lstat(p) }
func (f *faultFS) Stat(p string) (fs.FileInfo, error) {
	if err := f.check("stat", p); err != nil {
		return nil, err
	}
	return osFS{}.Stat(p)
}
func (f *faultFS) EvalSymlinks(p string) (string, error) { return osFS{}.EvalSymlinks(p) }
func (f *faultFS) Detect(p string) (detection, error) {
	if err := f.check("detect", p); err != nil {
		return detection{}, err
	}
	return osFS{}.Detect(p)
}
func (f *faultFS) Rename(a, b string) error {
	if err := f.check("rename", a+" -> "+b); err != nil {
		return &os.LinkError{Op: "rename", Old: a, New: b, Err: err}
	}
	return osFS{}.Rename(a, b)
}
func (f *faultFS) Link(a, b string) error {
	if err := f.check("link", a+" -> "+b); err != nil {
		return &os.LinkError{Op: "link", Old: a, New: b, Err: err}
	}
	return osFS{}.Link(a, b)
}
func (f *faultFS) Remove(p string) error {
	if err := f.check("remove", p); err != nil {
		return err
	}
	return osFS{}.Remove(p)
}
func (f *faultFS) MkdirAll(p string, m fs.FileMode) error { return osFS{}.MkdirAll(p, m) }
func (f *faultFS) WriteFile(p string, b []byte, m fs.FileMode) error {
	return osFS{}.WriteFile(p, b, m)
}
func (f *faultFS) ReadFile(p string) ([]byte, error)   { return osFS{}.ReadFile(p) }
func (f *faultFS) Chtimes(p string, t time.Time) error { return osFS{}.Chtimes(p, t) }

// inboxRig is an inbox watched by a watcher driven look by look (pass) on a fake clock, with
// a real outbox (real Badger store) behind it.
type inboxRig struct {
	t       *testing.T
	o       *Outbox
	w       *watcher
	fs      *faultFS
	clock   *fakeClock
	dir     string
	mu      sync.Mutex
	taken   []takenFile
	notices []Notice
}

type takenFile struct {
	path string
	it   Item
	err  error
}

const testSettle = 3 * time.Second

func newInboxRig(t *testing.T, o *Outbox, dir string, opt WatchOptions, faults ...*fault) *inboxRig {
	t.Helper()
	r := &inboxRig{t: t, o: o, fs: newFaultFS(faults...), clock: newFakeClock(), dir: dir}
	opt.fs, opt.clock = r.fs, r.clock
	if opt.Settle == 0 {
		opt.Settle = testSettle
	}
	if opt.Desk == "" {
		opt.Desk = "desk-a"
	}
	opt.OnFile = func(p string, it Item, err error) {
		r.mu.Lock()
		r.taken = append(r.taken, takenFile{p, it, err})
		r.mu.Unlock()
	}
	opt.OnNotice = func(n Notice) {
		r.mu.Lock()
		r.notices = append(r.notices, n)
		r.mu.Unlock()
	}
	r.w = o.newWatcher(dir, opt)
	r.w.start()
	t.Cleanup(r.w.stop)
	return r
}

// look advances the clock by d and looks once.
func (r *inboxRig) look(d time.Duration) {
	r.clock.Advance(d)
	r.w.pass(r.clock.Now())
}

// settleAndLook looks now, then after the settle time: a file written before is taken.
func (r *inboxRig) settleAndLook() {
	r.look(0)
	r.look(testSettle)
}

func (r *inboxRig) write(name string, data []byte) string {
	r.t.Helper()
	p := filepath.Join(r.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		r.t.Fatal(err)
	}
	return p
}

func (r *inboxRig) takenNames() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, tk := range r.taken {
		out = append(out, filepath.Base(tk.path))
	}
	return out
}

// noticeKeys lists the keys of the notices said about paths ending with suffix.
func (r *inboxRig) noticeKeys(suffix string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.notices {
		if strings.HasSuffix(n.Path, suffix) {
			out = append(out, n.key)
		}
	}
	return out
}

func (r *inboxRig) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, n := range r.notices {
		fmt.Fprintf(&b, "  notice %s %s: %s\n", n.Kind, n.Path, n.Text.In("en"))
	}
	for _, tk := range r.taken {
		fmt.Fprintf(&b, "  taken %s: %s %v\n", tk.path, tk.it.State, tk.err)
	}
	return b.String()
}

// where says in which folder of the inbox name is: "inbox", "processed", "refused",
// "claimed" (this desk's claim folder) or "" (nowhere).
func (r *inboxRig) where(name string) string {
	for _, d := range []struct{ sub, label string }{
		{"", "inbox"}, {ProcessedDir, "processed"}, {RefusedDir, "refused"}, {claimPrefix + "desk-a", "claimed"},
	} {
		if _, err := os.Lstat(filepath.Join(r.dir, d.sub, name)); err == nil {
			return d.label
		}
	}
	return ""
}

func has(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}

func count(list []string, want string) int {
	n := 0
	for _, s := range list {
		if s == want {
			n++
		}
	}
	return n
}
