package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
	"chorusdesk/widgets"
)

// prefInbox is the preference key of the watched inbox folder (a path, never a secret).
const prefInbox = "transfers.inbox"

// addResult is what one Add call answered, kept for the summary shown after a batch of adds.
type addResult struct {
	path string
	item outbox.Item
	err  error
}

// addPaths adds files (a folder stands for the files in it) off the UI goroutine: reading,
// detecting and the synced write of each file happen there. The rows appear through the
// engine's events; this only reports the outcome and asks about duplicates.
func (x *transfers) addPaths(paths []string, force bool) {
	if x.eng == nil {
		return
	}
	company := ""
	if x.view != nil {
		company = x.view.chosenCompany()
	}
	ob := x.eng.ob
	if !x.batchRunning() {
		clear(x.batch) // this intake starts a new batch
	}
	x.adding++
	x.u.runAsync(func() {
		var res []addResult
		for _, p := range expandDirs(paths) {
			it, err := ob.Add(p, outbox.AddOptions{Company: company, Force: force})
			res = append(res, addResult{p, it, err})
		}
		x.do(func() { x.added(res) })
	})
}

// added reports the outcome of addPaths and offers the forced resend of duplicates.
func (x *transfers) added(res []addResult) {
	x.intakeDone()
	v := x.view
	if v == nil {
		return
	}
	defer v.refresh()
	var dups []string
	var dupText []string
	ok, refused := 0, 0
	var lastErr error
	for _, r := range res {
		var dup *outbox.DuplicateError
		switch {
		case errors.As(r.err, &dup):
			dups = append(dups, r.path)
			dupText = append(dupText, "• "+dup.Localize(x.u.lang))
		case r.err != nil:
			refused++
			lastErr = r.err
		default:
			ok++
		}
	}
	switch {
	case len(res) == 0:
		v.setStatus(v.t("gui.transfers.added_none"), true)
	case refused > 0:
		v.setStatus(v.t("gui.transfers.added_refused", ok, refused, x.u.errText(lastErr)), true)
	default:
		v.setStatus(v.t("gui.transfers.added", ok), false)
	}
	if len(dups) > 0 {
		v.confirm(v.t("gui.transfers.dup.title"),
			v.t("gui.transfers.dup.body", strings.Join(dupText, "\n")),
			v.t("gui.transfers.dup.yes"),
			func() { x.addPaths(dups, true) })
	}
	if ok > 0 {
		v.table.ScrollToBottom()
	}
}

// expandDirs replaces each folder by the regular files directly in it (dropping a folder of
// invoices is the common case). Sub-folders are not walked: an inbox's processed/ must not be
// sent again.
func expandDirs(paths []string) []string {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			out = append(out, p) // Add reports why it cannot be read
			continue
		}
		for _, e := range ents {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				out = append(out, filepath.Join(p, e.Name()))
			}
		}
	}
	return out
}

// offerSiblings completes Fyne's one-file dialog: when the chosen file's folder holds other
// invoice-looking files, the user may tick several of them (the chosen one is ticked).
func (x *transfers) offerSiblings(chosen string) {
	x.u.runAsync(func() {
		dir := filepath.Dir(chosen)
		var files []string
		if ents, err := os.ReadDir(dir); err == nil {
			for _, e := range ents {
				ext := strings.ToLower(filepath.Ext(e.Name()))
				if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") && (ext == ".xml" || ext == ".pdf") {
					files = append(files, e.Name())
				}
			}
		}
		x.do(func() { x.pickSiblings(dir, filepath.Base(chosen), files) })
	})
}

func (x *transfers) pickSiblings(dir, chosen string, files []string) {
	v := x.view
	if v == nil {
		return
	}
	if len(files) < 2 {
		x.addPaths([]string{filepath.Join(dir, chosen)}, false)
		return
	}
	list := widgets.NewCheckList(files)
	for i, f := range files {
		if f == chosen {
			list.SetChecked(i, true)
		}
	}
	count := widget.NewLabel("")
	showCount := func() { count.SetText(v.t("gui.transfers.pick.count", len(list.Checked()), len(files))) }
	list.OnChanged = showCount
	showCount()
	all := widget.NewButton(v.t("gui.transfers.pick.all"), func() { list.SetAll(true) })
	none := widget.NewButton(v.t("gui.transfers.pick.none"), func() { list.SetAll(false) })
	body := container.NewBorder(widget.NewLabel(dir), container.NewHBox(all, none, count), nil, nil, list)
	d := dialog.NewCustomConfirm(v.t("gui.transfers.pick.title"), v.t("gui.transfers.pick.yes"), v.t("gui.cancel"), body,
		func(ok bool) {
			if !ok {
				return
			}
			var paths []string
			for _, i := range list.Checked() {
				paths = append(paths, filepath.Join(dir, files[i]))
			}
			if len(paths) > 0 {
				x.addPaths(paths, false)
			}
		}, v.win)
	d.Resize(fyne.NewSize(560, 480))
	v.pickList = list
	v.track(d)
}

// dropped takes the files dropped on a window.
func (x *transfers) dropped(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) == 0 || x.eng == nil {
		return
	}
	x.show()
	x.addPaths(paths, false)
}

// act runs an engine action off the UI goroutine and shows its error, if any.
func (x *transfers) act(do func(ob *outbox.Outbox) error) {
	if x.eng == nil {
		return
	}
	ob := x.eng.ob
	x.u.runAsync(func() {
		err := do(ob)
		x.do(func() {
			if v := x.view; v != nil {
				if err != nil {
					v.setStatus(x.u.errText(err), true)
				} else {
					v.setStatus("", false)
				}
			}
		})
	})
}

// retry re-queues a held or failed item; an unroutable item goes to the chosen company.
func (x *transfers) retry(id string) {
	it, ok := x.item(id)
	if !ok || !canRetry(it) {
		return
	}
	company := ""
	if x.view != nil && it.Hold == outbox.HoldUnroutable {
		company = x.view.chosenCompany()
	}
	x.act(func(ob *outbox.Outbox) error {
		var err error
		if company != "" {
			_, err = ob.Reroute(id, company)
		} else {
			_, err = ob.Retry(id)
		}
		return err
	})
}

// askResend confirms, then deposits again an item whose deposit is unsure. The question says
// plainly that the invoice may already be in Chorus Pro: a second deposit is a second invoice.
func (x *transfers) askResend(id string) {
	it, ok := x.item(id)
	if !ok || !canResend(it) || x.view == nil {
		return
	}
	v := x.view
	v.confirm(v.t("gui.transfers.resend.title"), v.t("gui.transfers.resend.body", orDash(it.Number), it.CompanyCode),
		v.t("gui.transfers.resend.yes"), func() {
			x.act(func(ob *outbox.Outbox) error { _, err := ob.ConfirmResend(id); return err })
		})
}

// askMark records that the user found the invoice in Chorus Pro under a flux number.
func (x *transfers) askMark(id string) {
	it, ok := x.item(id)
	if !ok || !canMark(it) || x.view == nil {
		return
	}
	v := x.view
	flux := widget.NewEntry()
	flux.SetPlaceHolder(v.t("gui.transfers.mark.placeholder"))
	d := dialog.NewForm(v.t("gui.transfers.mark.title"), v.t("gui.transfers.mark.yes"), v.t("gui.cancel"),
		[]*widget.FormItem{widget.NewFormItem(v.t("gui.transfers.f.flux"), flux)},
		func(ok bool) {
			n := strings.TrimSpace(flux.Text)
			if !ok || n == "" {
				return
			}
			x.act(func(ob *outbox.Outbox) error { _, err := ob.MarkDeposited(id, n); return err })
		}, v.win)
	v.markEntry = flux
	v.track(d)
}

// askRemove confirms, then forgets an item that is not in flight.
func (x *transfers) askRemove(id string) {
	it, ok := x.item(id)
	if !ok || !canRemove(it) || x.view == nil {
		return
	}
	v := x.view
	v.confirm(v.t("gui.transfers.remove.title"), v.t("gui.transfers.remove.body", orDash(it.Number), baseName(it.File)),
		v.t("gui.transfers.remove"), func() {
			x.act(func(ob *outbox.Outbox) error { return ob.Remove(id) })
		})
}

func (x *transfers) item(id string) (outbox.Item, bool) {
	i, ok := x.index[id]
	if !ok {
		return outbox.Item{}, false
	}
	return x.rows[i], true
}

// inboxWatch is a running outbox.Watch of one folder.
type inboxWatch struct {
	dir    string
	cancel context.CancelFunc
	done   chan struct{}
}

func (w *inboxWatch) stop() { w.cancel() }

// startWatch watches dir in its own goroutine until stopWatch or the lock.
func (x *transfers) startWatch(dir string) {
	if x.eng == nil || x.watch != nil {
		return
	}
	company := ""
	if x.view != nil {
		company = x.view.chosenCompany()
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &inboxWatch{dir: dir, cancel: cancel, done: make(chan struct{})}
	x.watch = w
	ob := x.eng.ob
	go func() {
		defer close(w.done)
		err := ob.Watch(ctx, dir, outbox.WatchOptions{Company: company,
			OnFile: func(path string, it outbox.Item, err error) {
				var dup *outbox.DuplicateError
				if err == nil || errors.As(err, &dup) {
					return // the row shows it
				}
				x.do(func() {
					if v := x.view; v != nil {
						v.setStatus(x.u.t("gui.transfers.inbox.refused", filepath.Base(path), x.u.errText(err)), true)
					}
				})
			}})
		x.do(func() {
			if x.watch == w {
				x.watch = nil
			}
			if v := x.view; v != nil {
				v.showInbox()
				if err != nil {
					v.setStatus(x.u.t("gui.transfers.inbox.failed", dir, i18n.Message(x.u.lang, err)), true)
				}
			}
		})
	}()
	if x.view != nil {
		x.view.showInbox()
	}
}

func (x *transfers) stopWatch() {
	if x.watch == nil {
		return
	}
	x.watch.stop()
	x.watch = nil
	if x.view != nil {
		x.view.showInbox()
	}
}

// pickInbox chooses the folder to watch (remembered in the preferences).
func (v *transfersView) pickInbox() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		v.setInbox(l.Path())
	}, v.win)
	if dir := v.inboxDir(); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	v.track(d)
}

// setInbox records dir as the inbox; a running watch moves to it.
func (v *transfersView) setInbox(dir string) {
	v.x.u.app.Preferences().SetString(prefInbox, dir)
	if v.x.watch != nil && v.x.watch.dir != dir {
		v.x.stopWatch()
		v.x.startWatch(dir)
	}
	v.showInbox()
}

func (v *transfersView) inboxDir() string { return v.x.u.app.Preferences().String(prefInbox) }

func (v *transfersView) toggleInbox() {
	if v.x.watch != nil {
		v.x.stopWatch()
		return
	}
	if dir := v.inboxDir(); dir != "" {
		v.x.startWatch(dir)
	}
}

// showInbox paints the inbox row: the folder, whether it is watched, the button's verb.
func (v *transfersView) showInbox() {
	dir := v.inboxDir()
	if dir == "" {
		v.inboxPath.SetText(v.t("gui.transfers.inbox.none"))
	} else {
		v.inboxPath.SetText(dir)
	}
	w := v.x.watch
	if w != nil {
		v.inboxState.SetText(v.t("gui.transfers.inbox.on"))
		v.inboxState.Importance = widget.SuccessImportance
		v.inboxToggle.SetText(v.t("gui.transfers.inbox.stop"))
	} else {
		v.inboxState.SetText(v.t("gui.transfers.inbox.off"))
		v.inboxState.Importance = widget.MediumImportance
		v.inboxToggle.SetText(v.t("gui.transfers.inbox.start"))
	}
	v.inboxState.Refresh()
	enable(v.inboxToggle, dir != "" || w != nil)
}
