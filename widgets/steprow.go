package widgets

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"
)

// StepState is where one step of the connection test stands.
type StepState int

const (
	StepPending StepState = iota
	StepRunning
	StepOK
	StepFailed
	StepSkipped
)

// StepRow shows one step of the Test: an icon, its name, its duration and its message.
type StepRow struct {
	widget.BaseWidget
	State    StepState
	Icon     *widget.Icon
	Name     *widget.Label
	Duration *widget.Label
	Message  *ttwidget.Label
	// FormatMS writes a duration for the user's language (nil = "N ms").
	FormatMS func(ms int64) string
}

// NewStepRow makes a pending row for the step called name.
func NewStepRow(name string) *StepRow {
	r := &StepRow{
		Icon:     widget.NewIcon(nil),
		Name:     widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		Duration: widget.NewLabel(""),
		Message:  ttwidget.NewLabel(""),
	}
	r.ExtendBaseWidget(r)
	r.Set(StepPending, -1, "")
	return r
}

// Set updates the row; ms < 0 hides the duration.
func (r *StepRow) Set(state StepState, ms int64, message string) {
	r.State = state
	r.Icon.SetResource(StepIcon(state))
	switch {
	case ms >= 0 && r.FormatMS != nil:
		r.Duration.SetText(r.FormatMS(ms))
	case ms >= 0:
		r.Duration.SetText(fmt.Sprintf("%d ms", ms))
	default:
		r.Duration.SetText("")
	}
	// A failed step's message is the one to read in full: it wraps. The others (passed,
	// skipped) hold to one line, their whole text in the tooltip, so the five steps stay
	// on screen.
	r.Message.Wrapping, r.Message.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
	switch state {
	case StepFailed:
		r.Message.Importance = widget.DangerImportance
		r.Message.Wrapping, r.Message.Truncation = fyne.TextWrapWord, fyne.TextTruncateOff
	case StepOK:
		r.Message.Importance = widget.SuccessImportance
	default:
		r.Message.Importance = widget.MediumImportance
	}
	r.Message.SetToolTip(message)
	r.Message.SetText(message)
}

// StepIcon is the icon of a state; colours carry the verdict, shapes repeat it for the
// colour-blind.
func StepIcon(s StepState) fyne.Resource {
	switch s {
	case StepRunning:
		return theme.ViewRefreshIcon()
	case StepOK:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case StepFailed:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	case StepSkipped:
		return theme.NewDisabledResource(theme.MediaSkipNextIcon())
	}
	return theme.NewDisabledResource(theme.RadioButtonIcon())
}

func (r *StepRow) CreateRenderer() fyne.WidgetRenderer {
	left := container.NewHBox(r.Icon, container.New(layout.NewGridWrapLayout(fyne.NewSize(110, r.Name.MinSize().Height)), r.Name),
		container.New(layout.NewGridWrapLayout(fyne.NewSize(64, r.Duration.MinSize().Height)), r.Duration))
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, left, nil, r.Message))
}
