package transfers

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/i18n"
)

// The inbox row: the folder watched for new invoices, whether it is watched, and the button
// that starts or stops the bridge's watch.

// pickInbox chooses the folder to watch (the host remembers it in the vault).
func (v *View) pickInbox() {
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
func (v *View) setInbox(dir string) {
	if v.h.SetInbox != nil {
		if err := v.h.SetInbox(dir); err != nil {
			v.setStatus(v.h.ErrText(err), true)
			return
		}
	}
	if watched, on := v.b.Watching(); on && watched != dir {
		v.b.StopWatch()
		v.b.StartWatch(dir, v.chosenCompany())
	}
	v.showInbox()
}

// typedInbox takes a folder typed (or pasted) in the inbox field, Enter: it becomes the inbox
// and is watched at once. A path that is not a folder is refused with the reason.
func (v *View) typedInbox(dir string) {
	dir = strings.TrimSpace(dir)
	if dir == "" {
		return
	}
	v.b.IsFolder(dir, func(ok bool) {
		if v.closed {
			return
		}
		if !ok {
			v.setStatus(v.t("transfersui.inbox.not_folder", dir), true)
			return
		}
		v.setInbox(dir)
		v.win.Canvas().Unfocus() // the shortcuts go to the window again
		if _, on := v.b.Watching(); !on && v.inboxDir() == dir {
			v.b.StartWatch(dir, v.chosenCompany())
			v.showInbox()
		}
	})
}

func (v *View) inboxDir() string {
	if v.h.InboxDir == nil {
		return ""
	}
	return v.h.InboxDir()
}

func (v *View) toggleInbox() {
	if _, on := v.b.Watching(); on {
		v.b.StopWatch()
		return
	}
	if dir := v.inboxDir(); dir != "" {
		v.b.StartWatch(dir, v.chosenCompany())
		v.showInbox()
	}
}

// inboxNews is the bridge's Listener.Inbox: a notice, a refused file, or the end of the watch.
func (v *View) inboxNews(n bridge.InboxNews) {
	switch {
	case n.Notice != nil:
		v.setStatus(v.t("app.transfers.inbox.notice", n.Notice.In(v.h.Lang)), false)
	case !n.Ended:
		v.setStatus(v.t("gui.transfers.inbox.refused", filepath.Base(n.Path), v.h.ErrText(n.Err)), true)
	case n.Err != nil:
		v.setStatus(v.t("gui.transfers.inbox.failed", n.Dir, i18n.Message(v.h.Lang, n.Err)), true)
	}
	if n.Ended {
		v.showInbox()
	}
}

// showInbox paints the inbox row: the folder, whether it is watched, the button's verb.
func (v *View) showInbox() {
	if dir := v.inboxDir(); v.inboxPath.Text != dir {
		v.inboxPath.SetText(dir)
	}
	dir := v.inboxDir()
	_, on := v.b.Watching()
	if on {
		v.inboxState.SetText(v.t("gui.transfers.inbox.on"))
		v.inboxState.Importance = widget.SuccessImportance
		v.inboxToggle.SetText(v.t("gui.transfers.inbox.stop"))
	} else {
		v.inboxState.SetText(v.t("gui.transfers.inbox.off"))
		v.inboxState.Importance = widget.MediumImportance
		v.inboxToggle.SetText(v.t("gui.transfers.inbox.start"))
	}
	v.inboxState.Refresh()
	enable(v.inboxToggle, dir != "" || on)
}
