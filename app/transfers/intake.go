package transfers

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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

// added reports the outcome of an intake and offers to send again what Chorus Pro already has.
func (v *View) added(rep bridge.AddReport) {
	if v.closed {
		return
	}
	defer v.refresh()
	res := rep.Results
	var dups []*outbox.DuplicateError
	var dupPaths []string
	ok, refused, again := 0, 0, 0
	var lastErr error
	for _, r := range res {
		var dup *outbox.DuplicateError
		switch {
		case errors.As(r.Err, &dup):
			dups = append(dups, dup)
			dupPaths = append(dupPaths, r.Path)
		case r.Err != nil:
			refused++
			lastErr = r.Err
		case r.Item.Replaces != "":
			again++ // Chorus Pro had refused it, or it never reached Chorus Pro: sent again
		default:
			ok++
		}
	}
	skipped := ""
	if n := len(rep.Skipped); n > 0 {
		first := rep.Skipped[0]
		skipped = v.t("app.transfers.skipped", n, filepath.Base(first.Path), v.h.ErrText(first.Err))
	}
	sentAgain := ""
	if again > 0 {
		sentAgain = v.t("transfersui.added_again", again)
	}
	switch {
	case len(res) == 0 && skipped != "":
		v.setStatus(skipped, true)
	case len(res) == 0:
		v.setStatus(v.t("gui.transfers.added_none"), true)
	case refused > 0:
		v.setStatus(joinSentences(v.t("gui.transfers.added_refused", ok, refused, v.h.ErrText(lastErr)), sentAgain, skipped), true)
	case ok == 0 && again == 0:
		v.setStatus(skipped, skipped != "")
	default:
		v.setStatus(joinSentences(v.t("gui.transfers.added", ok), sentAgain, skipped), skipped != "")
	}
	if len(dups) > 0 {
		v.askDuplicates(dups, dupPaths)
	}
	if ok+again > 0 {
		v.table.ScrollToBottom()
	}
}

// askDuplicates says which invoices Chorus Pro already has (accepted, or still being
// processed) or may have (an unconfirmed deposit), and offers to send them again anyway.
// Invoices Chorus Pro refused never come here: the engine sends those again without asking.
func (v *View) askDuplicates(dups []*outbox.DuplicateError, paths []string) {
	lang := v.h.Lang
	var list []string
	unsure := 0
	for _, d := range dups {
		list = append(list, d.Localize(lang))
		if d.Existing.State == outbox.NeedsConfirmation {
			unsure++
		}
	}
	paras := []string{v.t("transfersui.dup.intro", len(dups))}
	if len(dups) > unsure {
		paras = append(paras, v.t("transfersui.dup.twice"))
	}
	if unsure > 0 {
		paras = append(paras, v.t("transfersui.dup.unsure"))
	}
	paras = append(paras, v.t("transfersui.dup.question"))
	v.ask(v.t("gui.transfers.dup.title"), paras, list, v.t("transfersui.dup.yes"),
		func() { v.addPaths(paths, true) })
}

// invoiceFilter is what the file dialogs show: invoices (Factur-X PDF, UBL or CII XML), any case.
func invoiceFilter() storage.FileFilter {
	return storage.NewExtensionFileFilter([]string{".xml", ".pdf"})
}

// pickFile opens Fyne's file dialog on invoices; the chosen file's neighbours are offered next
// (the dialog picks one file), so several are added at once.
func (v *View) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		p := r.URI().Path()
		r.Close()
		v.offerSiblings(p)
	}, v.win)
	d.SetFilter(invoiceFilter())
	v.fileDialog = d
	d.Resize(v.fitted(800, 560))
	v.track(d)
}

// fitted is w×h, or less to fit the window.
func (v *View) fitted(w, h float32) fyne.Size {
	s := v.win.Canvas().Size()
	return fyne.NewSize(min(w, s.Width-16), min(h, s.Height-16))
}

func (v *View) pickFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		v.addPaths([]string{l.Path()}, false)
	}, v.win)
	d.Resize(v.fitted(800, 560))
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
	d.Resize(v.fitted(560, 480))
	v.pickList = list
	v.track(d)
}

// joinSentences puts sentences one after the other, leaving out the empty ones.
func joinSentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}
