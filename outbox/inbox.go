package outbox

import (
	"errors"
	"io/fs"
	"path/filepath"
	"time"

	"chorusdesk/i18n"
)

// Retry policy of the inbox watch: a failing step is tried again after retryBase, doubling
// up to retryMax; after maxTries failures in a row the file is left with a notice (the steps
// whose failure means "wait" — a file another program holds — go on at retryMax, never
// final). A file that could not be moved after it was taken is tried again every slowRetry.
const (
	retryBase = time.Second
	retryMax  = time.Minute
	maxTries  = 6
	slowRetry = 10 * time.Minute
	// refusedRecheck is how long a refused file is watched in refused/: if it still changes,
	// its writer had only paused, and it comes back to the inbox.
	refusedRecheck    = time.Hour
	maxRefusedWatched = 1000
)

func backoff(tries int) time.Duration {
	d := retryBase
	for i := 1; i < tries && d < retryMax; i++ {
		d *= 2
	}
	return min(d, retryMax)
}

// fileSig is what tells a file has changed.
type fileSig struct {
	size int64
	mod  time.Time
}

func sigOf(st fs.FileInfo) fileSig { return fileSig{size: st.Size(), mod: st.ModTime()} }

// watched is a file of the inbox the watch is looking at.
type watched struct {
	sig        fileSig
	since      time.Time // when sig was first seen: the file is taken once it is settle old
	next       time.Time // not looked at again before
	tries      int       // failures in a row
	notInvoice bool      // detection refused it once with this sig: the next refusal is final
	parked     bool      // left in the inbox until it changes
	det        detection // what the last detection found (handed to Add: detected once)
}

// claimStage is where a claimed file stands.
type claimStage int

const (
	toAdd  claimStage = iota // in the claim folder, not yet in the outbox
	toMove                   // in the outbox, to be moved to processed/ or refused/
)

// claimed is a file in this desk's claim folder.
type claimed struct {
	orig   string // the inbox path it was taken from: what the item records
	stage  claimStage
	dest   string // ProcessedDir or RefusedDir
	itemID string
	tries  int
	next   time.Time
	noted  bool       // the item says the file could not be moved
	det    *detection // the detection before the claim (nil after a restart: Add detects)
}

// refusedFile is a file this watch moved to refused/, looked at again while it may change.
type refusedFile struct {
	path  string
	sig   fileSig
	until time.Time
}

// watcher is the state of one Watch: what it knows of each file, by name.
type watcher struct {
	o      *Outbox
	dir    string // the inbox, absolute
	opt    WatchOptions
	fs     fileSystem
	clock  clock
	settle time.Duration

	desk     string
	claimDir string

	files    map[string]*watched
	claims   map[string]*claimed // by name in the claim folder
	refused  []refusedFile
	inPlace  map[string]fileSig // read-only inbox: files taken but left where they are
	readOnly bool

	inboxTries int
	said       map[string]string // last notice key said per path, so each is said once

	presence presenceState
}

func (o *Outbox) newWatcher(dir string, opt WatchOptions) *watcher {
	if opt.Settle <= 0 {
		opt.Settle = DefaultSettle
	}
	w := &watcher{
		o: o, dir: absDir(dir), opt: opt, fs: opt.fs, clock: opt.clock, settle: opt.Settle,
		files: map[string]*watched{}, claims: map[string]*claimed{}, inPlace: map[string]fileSig{},
		said: map[string]string{},
	}
	if w.fs == nil {
		w.fs = osFS{}
	}
	if w.clock == nil {
		w.clock = realClock{}
	}
	w.desk = opt.Desk
	if w.desk == "" {
		w.desk = defaultDesk(o.svc.Dir())
	}
	w.desk = deskName(w.desk)
	w.claimDir = filepath.Join(w.dir, claimPrefix+w.desk)
	return w
}

// start prepares the folders and picks up what this desk had claimed when it stopped.
func (w *watcher) start() {
	for _, sub := range []string{ProcessedDir, RefusedDir, filepath.Base(w.claimDir)} {
		if err := w.fs.MkdirAll(filepath.Join(w.dir, sub), 0o700); err != nil {
			w.say(w.dir, NoticeInbox, "intake.watch.mkdir_failed", sub, reason(err))
		}
	}
	w.recoverClaims()
	w.announce(w.clock.Now())
}

func (w *watcher) stop() { w.withdraw() }

// pass looks at everything once and returns when to look again.
func (w *watcher) pass(now time.Time) time.Time {
	next := now.Add(w.settle)
	soon := func(t time.Time) {
		if t.Before(next) {
			next = t
		}
	}
	w.heartbeat(now, soon)
	w.handleClaims(now, soon)
	w.scanInbox(now, soon)
	w.recheckRefused(now)
	return next
}

// scanInbox looks at each entry of the inbox.
func (w *watcher) scanInbox(now time.Time, soon func(time.Time)) {
	ents, err := w.fs.ReadDir(w.dir)
	if err != nil {
		w.inboxTries++
		w.say(w.dir, NoticeInbox, "intake.watch.inbox_error", displayName(w.dir), reason(err))
		soon(now.Add(backoff(w.inboxTries)))
		return
	}
	if w.inboxTries > 0 {
		w.inboxTries = 0
		delete(w.said, w.dir)
	}
	present := map[string]bool{}
	for _, e := range ents {
		name := e.Name()
		present[name] = true
		v := folderEntry(w.fs, w.dir, name)
		p := filepath.Join(w.dir, name)
		switch {
		case v.take:
			w.consider(now, name, soon)
		case v.why == nil:
		case isKey(v.why, "intake.link_outside"):
			w.refuseLink(p, v.why)
		default:
			w.sayErr(p, NoticeSkipped, v.why)
		}
	}
	for name := range w.files {
		if !present[name] {
			delete(w.files, name)
		}
	}
	for name := range w.inPlace {
		if !present[name] {
			delete(w.inPlace, name)
		}
	}
	claimedFrom := map[string]bool{}
	for _, c := range w.claims {
		claimedFrom[c.orig] = true
	}
	for p := range w.said {
		// What was said of a file that left the inbox may be said again if it comes back
		// (what is said of a claimed file stays: it is no longer in the listing).
		if filepath.Dir(p) == w.dir && !present[filepath.Base(p)] && !claimedFrom[p] {
			delete(w.said, p)
		}
	}
}

// consider follows one invoice-named file of the inbox until it is stable, then takes it.
func (w *watcher) consider(now time.Time, name string, soon func(time.Time)) {
	p := filepath.Join(w.dir, name)
	st, err := w.fs.Stat(p)
	if err != nil {
		return // gone since the listing
	}
	sig := sigOf(st)
	if done, ok := w.inPlace[name]; ok && done == sig {
		return
	}
	f := w.files[name]
	if f == nil || f.sig != sig {
		// New, or changed since the last look: it must stay as it is for a settle time.
		w.files[name] = &watched{sig: sig, since: now, next: now.Add(w.settle)}
		soon(now.Add(w.settle))
		return
	}
	if f.parked {
		return
	}
	if now.Before(f.next) {
		soon(f.next)
		return
	}
	w.take(now, name, f, soon)
}

// take checks the stable file can be read and is an invoice, claims it and adds it.
func (w *watcher) take(now time.Time, name string, f *watched, soon func(time.Time)) {
	p := filepath.Join(w.dir, name)
	retry := func(kind NoticeKind, key string, args ...any) {
		f.tries++
		f.next = now.Add(backoff(f.tries))
		soon(f.next)
		w.say(p, kind, key, args...)
	}
	leave := func(err error) {
		f.parked = true
		w.say(p, NoticeLeft, "intake.watch.left", displayName(name), f.tries, reason(err))
	}
	det, err := w.fs.Detect(p)
	if err == nil {
		f.det = det
	}
	if err != nil {
		switch problem := classify(err); {
		case problem == fsGone:
			delete(w.files, name)
			return
		case problem == fsBusy:
			retry(NoticeWaiting, "intake.watch.busy", displayName(name))
			return
		case problem == fsDenied:
			retry(NoticeWaiting, "intake.watch.denied", displayName(name))
			return
		case problem == fsSpecial:
			f.parked = true
			w.sayErr(p, NoticeSkipped, err)
			return
		case isRefusal(err):
			if !f.notInvoice {
				// Not an invoice (yet): its writer may have paused longer than the settle
				// time. Looked at once more, a settle time later, before it is refused.
				f.notInvoice = true
				f.next = now.Add(w.settle)
				soon(f.next)
				w.say(p, NoticeWaiting, "intake.watch.not_yet", displayName(name), err)
				return
			}
		default:
			if f.tries+1 >= maxTries {
				f.tries++
				leave(err)
				return
			}
			retry(NoticeWaiting, "intake.watch.retrying", displayName(name), reason(err))
			return
		}
	}
	if w.readOnly {
		w.addInPlace(name, f)
		return
	}
	cp, err := renameInto(w.fs, p, w.claimDir)
	if err != nil {
		switch problem := classify(err); problem {
		case fsGone:
			delete(w.files, name) // another desk claimed it first
		case fsBusy:
			retry(NoticeWaiting, "intake.watch.busy", displayName(name))
		case fsDenied, fsReadOnly:
			if f.tries+1 < maxTries {
				retry(NoticeWaiting, "intake.watch.claim_retry", displayName(name), reason(err))
				return
			}
			// The inbox cannot be changed: files are taken where they are, once each while
			// the watch runs (the outbox refuses the same content again afterwards).
			w.readOnly = true
			w.say(w.dir, NoticeReadOnly, "intake.watch.read_only", displayName(w.dir), reason(err))
			w.addInPlace(name, f)
		default:
			if f.tries+1 >= maxTries {
				f.tries++
				leave(err)
				return
			}
			retry(NoticeWaiting, "intake.watch.claim_retry", displayName(name), reason(err))
		}
		return
	}
	delete(w.files, name)
	delete(w.said, p)
	c := &claimed{orig: p, stage: toAdd}
	if f.det.inv != nil {
		c.det = &f.det
	}
	w.claims[filepath.Base(cp)] = c
	w.advance(now, filepath.Base(cp), c, soon)
}

// addInPlace adds a file of a read-only inbox, remembered so it is not added again.
func (w *watcher) addInPlace(name string, f *watched) {
	p := filepath.Join(w.dir, name)
	opt := AddOptions{Company: w.opt.Company}
	if f.det.inv != nil {
		opt.detected = &f.det
	}
	it, err := w.o.Add(p, opt)
	var dup *DuplicateError
	if it.ID == "" && err != nil && !errors.As(err, &dup) {
		f.tries++
		f.parked = f.tries >= maxTries
		w.say(p, NoticeWaiting, "intake.watch.add_failed", displayName(name), reason(err))
		return
	}
	w.inPlace[name] = f.sig
	delete(w.files, name)
	if w.opt.OnFile != nil {
		w.opt.OnFile(p, it, err)
	}
}

// handleClaims moves each claimed file on whose time has come.
func (w *watcher) handleClaims(now time.Time, soon func(time.Time)) {
	for name, c := range w.claims {
		if now.Before(c.next) {
			soon(c.next)
			continue
		}
		w.advance(now, name, c, soon)
	}
}

// advance takes a claimed file one step on: into the outbox, then out of the claim folder.
func (w *watcher) advance(now time.Time, name string, c *claimed, soon func(time.Time)) {
	cp := filepath.Join(w.claimDir, name)
	if c.stage == toAdd {
		it, err := w.o.Add(cp, AddOptions{Company: w.opt.Company, File: c.orig, detected: c.det})
		var dup *DuplicateError
		if it.ID == "" && err != nil && !errors.As(err, &dup) {
			// Not recorded (the store refused, the chosen company is unknown…): tried
			// again, then put back in the inbox and left there until it changes.
			c.tries++
			if c.tries < maxTries {
				c.next = now.Add(backoff(c.tries))
				soon(c.next)
				w.say(c.orig, NoticeWaiting, "intake.watch.add_failed", displayName(filepath.Base(c.orig)), reason(err))
				return
			}
			w.giveBack(name, c, err)
			return
		}
		c.itemID, c.stage, c.tries = it.ID, toMove, 0
		c.dest = ProcessedDir
		if it.SHA == "" { // not an invoice: recorded as a failed item
			c.dest = RefusedDir
		}
		delete(w.said, c.orig)
		if w.opt.OnFile != nil {
			w.opt.OnFile(c.orig, it, err)
		}
	}
	dst, err := moveInto(w.fs, cp, filepath.Join(w.dir, c.dest))
	if err == nil {
		delete(w.claims, name)
		delete(w.said, c.orig)
		if c.noted {
			_ = w.o.noteFile(c.itemID, nil)
		}
		if c.dest == RefusedDir {
			w.watchRefused(now, dst)
		}
		return
	}
	if classify(err) == fsGone {
		delete(w.claims, name) // removed by hand from the claim folder
		return
	}
	c.tries++
	destDir := filepath.Join(w.dir, c.dest) + string(filepath.Separator)
	if c.tries < maxTries {
		c.next = now.Add(backoff(c.tries))
		soon(c.next)
		w.say(c.orig, NoticeWaiting, "intake.watch.move_retry", displayName(filepath.Base(c.orig)), displayName(destDir), reason(err))
		return
	}
	// Still failing: the item says so; the file stays in the claim folder, out of the inbox,
	// so it is never taken again, and the move is tried again from time to time.
	c.next = now.Add(slowRetry)
	if !c.noted && c.itemID != "" {
		note := render("intake.watch.not_moved", displayName(destDir), reason(err), displayName(w.claimDir+string(filepath.Separator)))
		if w.o.noteFile(c.itemID, note) == nil {
			c.noted = true
		} else {
			c.next = now.Add(backoff(1)) // a worker holds the item: say it at the next look
		}
	}
	soon(c.next)
	w.say(c.orig, NoticeMoveFailed, "intake.watch.not_moved_file", displayName(filepath.Base(c.orig)), displayName(destDir), reason(err), displayName(w.claimDir))
}

// giveBack returns a claimed file that cannot be added to the inbox, left there until it
// changes.
func (w *watcher) giveBack(name string, c *claimed, why error) {
	cp := filepath.Join(w.claimDir, name)
	back, err := moveInto(w.fs, cp, w.dir)
	if err != nil {
		c.next = w.clock.Now().Add(slowRetry) // it stays claimed; the next watch start adds it
		w.say(c.orig, NoticeLeft, "intake.watch.left_claimed", displayName(filepath.Base(c.orig)), reason(why), displayName(w.claimDir))
		return
	}
	delete(w.claims, name)
	bn := filepath.Base(back)
	if st, err := w.fs.Stat(back); err == nil {
		w.files[bn] = &watched{sig: sigOf(st), parked: true, tries: c.tries}
	}
	w.say(back, NoticeLeft, "intake.watch.left", displayName(bn), c.tries, reason(why))
}

// watchRefused remembers a file just moved to refused/.
func (w *watcher) watchRefused(now time.Time, path string) {
	st, err := w.fs.Stat(path)
	if err != nil {
		return
	}
	if len(w.refused) >= maxRefusedWatched {
		w.refused = w.refused[1:]
	}
	w.refused = append(w.refused, refusedFile{path: path, sig: sigOf(st), until: now.Add(refusedRecheck)})
}

// recheckRefused brings back to the inbox a refused file that changed after it was refused:
// its writer was still writing (on Unix a writer keeps writing to a file that was moved).
func (w *watcher) recheckRefused(now time.Time) {
	kept := w.refused[:0]
	for _, r := range w.refused {
		if now.After(r.until) {
			continue
		}
		st, err := w.fs.Stat(r.path)
		if err != nil {
			continue // moved or deleted by the user
		}
		if sigOf(st) == r.sig {
			kept = append(kept, r)
			continue
		}
		back, err := moveInto(w.fs, r.path, w.dir)
		if err != nil {
			kept = append(kept, r) // tried again at the next look
			continue
		}
		w.say(back, NoticeWaiting, "intake.watch.back_from_refused", displayName(filepath.Base(back)))
	}
	w.refused = kept
}

// refuseLink moves a link leaving the inbox (the link itself, never its target) to refused/.
func (w *watcher) refuseLink(p string, why error) {
	if _, err := moveInto(w.fs, p, filepath.Join(w.dir, RefusedDir)); err != nil {
		w.sayErr(p, NoticeSkipped, why) // it stays, said once
		return
	}
	if w.opt.OnFile != nil {
		w.opt.OnFile(p, Item{}, why)
	}
}

// say tells the user key (with args) about path, unless it was the last thing said of path.
func (w *watcher) say(path string, kind NoticeKind, key string, args ...any) {
	if w.said[path] == key {
		return
	}
	w.said[path] = key
	if w.opt.OnNotice != nil {
		w.opt.OnNotice(Notice{Kind: kind, Path: path, Text: render(key, args...), key: key})
	}
}

// sayErr tells an *i18n.Error about path, once.
func (w *watcher) sayErr(path string, kind NoticeKind, err error) {
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		w.say(path, kind, "intake.system_error", displayName(err.Error()))
		return
	}
	if w.said[path] == ie.Key {
		return
	}
	w.said[path] = ie.Key
	if w.opt.OnNotice != nil {
		w.opt.OnNotice(Notice{Kind: kind, Path: path, Text: textOf(ie), key: ie.Key})
	}
}

// render renders key in every language; error arguments are rendered in that language too.
func render(key string, args ...any) Text {
	t := Text{}
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
		a := make([]any, len(args))
		for i, v := range args {
			if err, ok := v.(error); ok {
				v = i18n.Message(l, err)
			}
			a[i] = v
		}
		t[l] = i18n.T(l, key, a...)
	}
	return t
}

func isKey(err error, key string) bool {
	var ie *i18n.Error
	return errors.As(err, &ie) && ie.Key == key
}
