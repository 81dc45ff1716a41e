package transfers

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/outbox"
	"chorusdesk/widgets"
)

// Intake: the file and folder dialogs, the choice among a chosen file's neighbours, and the
// report of what the engine took.

// addPaths hands files (or folders) to the bridge for the chosen company.
func (v *View) addPaths(paths []string, force bool) {
	v.b.Add(paths, v.chosenCompany(), force, v.added)
}

// added reports the outcome of an intake and offers the forced resend of duplicates.
func (v *View) added(rep bridge.AddReport) {
	if v.closed {
		return
	}
	defer v.refresh()
	res := rep.Results
	var dups []string
	var dupText []string
	ok, refused := 0, 0
	var lastErr error
	for _, r := range res {
		var dup *outbox.DuplicateError
		switch {
		case errors.As(r.Err, &dup):
			dups = append(dups, r.Path)
			dupText = append(dupText, "• "+dup.Localize(v.h.Lang))
		case r.Err != nil:
			refused++
			lastErr = r.Err
		default:
			ok++
		}
	}
	skipped := ""
	if n := len(rep.Skipped); n > 0 {
		first := rep.Skipped[0]
		skipped = v.t("app.transfers.skipped", n, filepath.Base(first.Path), v.h.ErrText(first.Err))
	}
	switch {
	case len(res) == 0 && skipped != "":
		v.setStatus(skipped, true)
	case len(res) == 0:
		v.setStatus(v.t("gui.transfers.added_none"), true)
	case refused > 0:
		v.setStatus(joinSentences(v.t("gui.transfers.added_refused", ok, refused, v.h.ErrText(lastErr)), skipped), true)
	default:
		v.setStatus(joinSentences(v.t("gui.transfers.added", ok), skipped), skipped != "")
	}
	if len(dups) > 0 {
		v.confirm(v.t("gui.transfers.dup.title"),
			v.t("gui.transfers.dup.body", strings.Join(dupText, "\n")),
			v.t("gui.transfers.dup.yes"),
			func() { v.addPaths(dups, true) })
	}
	if ok > 0 {
		v.table.ScrollToBottom()
	}
}

func (v *View) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		p := r.URI().Path()
		r.Close()
		v.offerSiblings(p)
	}, v.win)
	v.track(d)
}

func (v *View) pickFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		v.addPaths([]string{l.Path()}, false)
	}, v.win)
	v.track(d)
}

// offerSiblings completes Fyne's one-file dialog: when the chosen file's folder holds other
// invoices, the user may tick several of them (the chosen one is ticked).
func (v *View) offerSiblings(chosen string) {
	v.b.Siblings(chosen, func(dir string, files []string) { v.pickSiblings(dir, filepath.Base(chosen), files) })
}

func (v *View) pickSiblings(dir, chosen string, files []string) {
	if v.closed {
		return
	}
	if len(files) < 2 {
		v.addPaths([]string{filepath.Join(dir, chosen)}, false)
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
				v.addPaths(paths, false)
			}
		}, v.win)
	d.Resize(fyne.NewSize(560, 480))
	v.pickList = list
	v.track(d)
}

// joinSentences puts a second sentence after the first, if there is one.
func joinSentences(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}
