package app

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// AttachmentChecker says whether the technical account of fromID's saved setup (its slot for
// env) is attached to siret: the move dialog asks it about the destination.
type AttachmentChecker func(ctx context.Context, svc *core.Service, fromID string, env domain.Env, siret string) (conntest.Attachment, error)

// chorusAttachment is the production AttachmentChecker: Chorus Pro's rattachements.
func chorusAttachment(ctx context.Context, svc *core.Service, fromID string, env domain.Env, siret string) (conntest.Attachment, error) {
	return conntest.AttachedTo(ctx, svc, fromID, env, siret, conntest.Options{})
}

// moveDialog is "Transfer to another company": a searchable list of destinations, whether the
// moved technical account is attached to the destination's SIRET, and Validate.
type moveDialog struct {
	from     domain.Company
	list     *widgets.FilterList
	chosen   *widget.Label
	attached *widget.Label // the attachment of the moved account to the destination's SIRET
	validate *widget.Button
	dlg      *dialog.CustomDialog
	checkID  int // bumps at each destination picked: a late answer about another one is dropped

	overwrite *confirmDialog // the overwrite question, when the destination has data
	testOffer *confirmDialog // "run the Test for the destination now?", after the move
}

func (u *UI) showMove() {
	tab := u.main.tab
	if tab.company.ID == "" || tab.move.Disabled() {
		return
	}
	if tab.dirty() {
		u.showInfo(u.t("gui.unsaved.title"), u.t("gui.move.unsaved"))
		return
	}
	m := &moveDialog{from: tab.company}
	u.main.moveDlg = m
	m.list = widgets.NewFilterList(u.t("gui.companies.filter"))
	var items []widgets.Item
	for _, it := range u.main.companies.list.Items() {
		if it.ID != m.from.ID {
			items = append(items, it)
		}
	}
	m.list.SetItems(items)
	m.chosen = widget.NewLabel(u.t("gui.move.pick"))
	m.chosen.Truncation = fyne.TextTruncateEllipsis
	m.attached = widget.NewLabel("")
	m.attached.Wrapping = fyne.TextWrapWord
	m.validate = widget.NewButton(u.t("gui.move.validate"), func() { u.touch(); u.validateMove() })
	m.validate.Importance = widget.HighImportance
	m.validate.Disable()
	m.list.OnSelected = func(it widgets.Item) {
		u.touch()
		m.chosen.SetText(u.t("gui.move.to", it.Label))
		m.validate.Enable()
		u.checkMoveAttachment(m, u.main.companies.byID[it.ID])
	}
	// Enter in the search box picks the first match, and a second Enter validates it: the
	// whole move is reachable without the mouse.
	m.list.Filter.OnSubmitted = func(string) {
		shown := m.list.Shown()
		for _, it := range shown {
			if it.ID == m.list.Selected() {
				u.validateMove()
				return
			}
		}
		if len(shown) > 0 {
			m.list.Select(shown[0].ID)
		}
	}
	intro := widget.NewLabel(u.t("gui.move.intro", m.from.Code, m.from.Code))
	intro.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(intro), container.NewVBox(m.chosen, m.attached), nil, nil, m.list)
	m.dlg = dialog.NewCustomWithoutButtons(u.t("gui.move.title"), body, u.win)
	m.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton(u.t("gui.cancel"), func() { m.dlg.Hide() }), m.validate})
	m.dlg.Resize(fyne.NewSize(560, 520))
	u.track(m.dlg)
	u.win.Canvas().Focus(m.list.Filter)
}

// checkMoveAttachment asks, in the background, whether the moved account is attached to the
// destination's SIRET in the active environment, and says so in the dialog.
func (u *UI) checkMoveAttachment(m *moveDialog, to domain.Company) {
	m.checkID++
	id := m.checkID
	env := u.main.env
	if to.SIRET == "" {
		u.showAttachment(m, u.t("setupui.move.no_siret", to.Code), widget.MediumImportance)
		return
	}
	u.showAttachment(m, u.t("setupui.move.checking", to.SIRET), widget.MediumImportance)
	check, svc, from := u.checkAttached, u.svc, m.from.ID
	u.runAsync(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		a, err := check(ctx, svc, from, env, to.SIRET)
		fyne.Do(func() {
			if m.checkID != id {
				return
			}
			envName := u.t("gui.env." + string(env))
			switch {
			case err != nil:
				u.showAttachment(m, u.t("setupui.move.check_failed", u.errText(err)), widget.WarningImportance)
			case a == conntest.AttachYes:
				u.showAttachment(m, u.t("setupui.move.attached", to.SIRET, envName), widget.SuccessImportance)
			case a == conntest.AttachNo:
				u.showAttachment(m, u.t("setupui.move.not_attached", to.SIRET, envName, to.Code), widget.DangerImportance)
			default:
				u.showAttachment(m, u.t("setupui.move.no_creds", envName), widget.MediumImportance)
			}
		})
	})
}

func (u *UI) showAttachment(m *moveDialog, text string, imp widget.Importance) {
	m.attached.Importance = imp
	m.attached.SetText(text)
}

// validateMove moves at once to an empty destination, and after a confirmation to one that
// holds data.
func (u *UI) validateMove() {
	m := u.main.moveDlg
	toID := m.list.Selected()
	if toID == "" {
		return
	}
	to := u.main.companies.byID[toID]
	dest, err := u.svc.Setup(toID)
	if err != nil {
		u.showError(err)
		return
	}
	if dest.HasData() {
		m.overwrite = u.confirm(u.t("gui.move.overwrite_title"), u.t("gui.move.overwrite", to.Code), u.t("gui.move.overwrite_button"), func() {
			u.doMove(m, to, true)
		})
		return
	}
	u.doMove(m, to, false)
}

func (u *UI) doMove(m *moveDialog, to domain.Company, overwrite bool) {
	err := u.svc.MoveSetup(m.from.ID, to.ID, overwrite)
	if errors.Is(err, core.ErrDestinationHasData) && !overwrite {
		m.overwrite = u.confirm(u.t("gui.move.overwrite_title"), u.t("gui.move.overwrite", to.Code), u.t("gui.move.overwrite_button"), func() {
			u.doMove(m, to, true)
		})
		return
	}
	if err != nil {
		u.showError(err)
		return
	}
	m.dlg.Hide()
	u.main.companies.invalidateAll()
	tab := u.main.tab
	if tab.company.ID == m.from.ID {
		tab.load(m.from) // now empty and disabled
	}
	setOneLine(tab.report, u.t("gui.move.done", m.from.Code, to.Code), widget.SuccessImportance)
	tab.relayout()
	// The moved credentials were last tested for the source: offer the Test where they are now.
	m.testOffer = u.confirm(u.t("setupui.move.test_title"), u.t("setupui.move.test_offer", to.Code), u.t("setupui.move.test_now"), func() {
		u.main.companies.list.SetFilter("")
		if !u.main.companies.list.Select(to.ID) {
			u.selectCompany(to.ID)
		}
		if u.main.tab.company.ID == to.ID {
			u.main.tab.test.start(u.main.env)
		}
	})
	m.testOffer.SetDismissText(u.t("setupui.move.test_later"))
}
