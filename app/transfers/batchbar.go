package transfers

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
)

// The batch's two stages: sent to Chorus Pro (the deposit gave a flux number), then answered
// by Chorus Pro (the flux accepted or refused). The summary says "finished" only once every
// item has been answered or stopped for the user.

func (v *View) buildBatch() {
	bar := func(key string) *widget.ProgressBar {
		p := widget.NewProgressBar()
		p.TextFormatter = func() string {
			if v.m.Batch().Total == 0 {
				return v.t(key + "_idle") // no batch: no "0 / 1"
			}
			return v.t(key, int(p.Value), int(p.Max))
		}
		return p
	}
	v.sentBar = bar("transfersui.batch.sent_bar")
	v.heardBar = bar("transfersui.batch.answered_bar")
	v.batch = widget.NewLabel("")
	v.batch.Wrapping = fyne.TextWrapWord
}

// batchBox is the two bars side by side, the summary under them.
func (v *View) batchBox() fyne.CanvasObject {
	// The filter's count sits at the end of the summary's line, leaving the filter row room.
	return container.NewVBox(container.New(layout.NewGridLayout(2), v.sentBar, v.heardBar),
		container.NewBorder(nil, nil, nil, v.shownCount, v.batch))
}

// showBatch paints the batch's stages and its summary.
func (v *View) showBatch() {
	st := v.m.Batch()
	set := func(p *widget.ProgressBar, n int) {
		max, val := float64(st.Total), float64(n)
		if st.Total == 0 {
			max, val = 1, 0
		}
		if p.Max != max || p.Value != val {
			p.Max, p.Value = max, val
			p.Refresh()
		}
	}
	set(v.sentBar, st.Sent)
	set(v.heardBar, st.Answered)
	setLabel(v.batch, v.batchText(st))
	v.batch.Importance = widget.MediumImportance
	if !st.Running && st.Total > 0 && (st.Refused > 0 || st.NeedsYou > 0) {
		v.batch.Importance = widget.WarningImportance
	}
}

// batchText is the batch's summary: what is pending while it runs, the outcome once over.
func (v *View) batchText(st bridge.BatchStatus) string {
	switch {
	case st.Total == 0:
		return v.t("transfersui.batch.none", v.m.Counts().All)
	case st.Running:
		return v.t("transfersui.batch.running", st.Total, st.ToSend, st.Pending, st.Accepted, st.Refused, st.NeedsYou)
	}
	return v.t("transfersui.batch.done", st.Accepted, st.Refused, st.NeedsYou)
}
