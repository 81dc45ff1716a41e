package transfers

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// What the view says about an item: pure functions of the item and of the engine's verdict
// (outbox.Explain). Where an item stands and which actions it allows are the engine's rules
// (its stages and the outbox.Item predicates), never decided here.

// stateText is the state column: where the item stands in the words of the person who sent it
// (the engine's stage), with why for a held item, and the cause of a refusal or rejection.
// Chorus Pro's codes are in the details only.
func stateText(lang i18n.Lang, it outbox.Item, v outbox.Verdict) string {
	stage := v.Stage.Text().In(lang)
	if it.ReplacedBy != "" {
		return i18n.T(lang, "transfersui.state.replaced", stage)
	}
	switch v.Stage {
	case outbox.StageHeld:
		if it.Hold == outbox.HoldSetupTest && it.Message != nil {
			// "held: " and the engine's own words, "the setup's Test fails at <step>: <verdict>".
			return i18n.T(lang, "transfersui.state.with_cause", stage, firstLine(it.Message.In(lang)))
		}
		if it.Hold != "" {
			return i18n.T(lang, "gui.transfers.state.held_"+string(it.Hold))
		}
	case outbox.StageRefused:
		// The buyer's stages name the buyer in their cause; Chorus Pro's refusal says why here.
		if c := firstLine(v.Cause.In(lang)); c != "" && c != stage {
			return i18n.T(lang, "transfersui.state.with_cause", stage, c)
		}
	}
	return stage
}

// stageText is where the item stands in a few words (the details' title): the stage, or why a
// held item is held.
func stageText(lang i18n.Lang, it outbox.Item, v outbox.Verdict) string {
	if v.Stage == outbox.StageHeld && it.Hold != "" && it.Hold != outbox.HoldSetupTest {
		return i18n.T(lang, "gui.transfers.state.held_"+string(it.Hold))
	}
	s := v.Stage.Text().In(lang)
	if it.ReplacedBy != "" {
		return i18n.T(lang, "transfersui.state.replaced", s)
	}
	return s
}

// historyText names one state of the history.
func historyText(lang i18n.Lang, e bridge.HistoryEntry) string {
	switch {
	case e.Added:
		return i18n.T(lang, "gui.transfers.state.added")
	case e.Stage == outbox.StageHeld && e.Hold != "":
		return i18n.T(lang, "gui.transfers.state.held_"+string(e.Hold))
	}
	return e.Stage.Text().In(lang)
}

// setupText says which setup carries the item (the company's own, or the `*****` one) and its
// technical login.
func setupText(lang i18n.Lang, it outbox.Item) string {
	var s string
	switch {
	case it.SetupFrom == "":
	case it.SetupFrom == domain.DefaultCode:
		s = domain.DefaultCode
	default:
		s = i18n.T(lang, "transfersui.setup.own")
	}
	switch {
	case it.Login == "":
		return s
	case s == "":
		return it.Login
	}
	return s + " · " + it.Login
}

// setupLine is the details' sentence about the setup and login used.
func setupLine(lang i18n.Lang, it outbox.Item) string {
	if it.SetupFrom == "" && it.Login == "" {
		return ""
	}
	which := i18n.T(lang, "transfersui.setup.own_of", it.CompanyCode)
	if it.SetupFrom == domain.DefaultCode {
		which = i18n.T(lang, "transfersui.setup.default")
	} else if it.SetupFrom == "" {
		which = "-"
	}
	verb := "transfersui.setup.used"
	if !it.WasDeposited() && it.Flux == "" {
		verb = "transfersui.setup.will_use"
	}
	line := i18n.T(lang, verb, which, orDash(it.Login))
	if it.Tag != "" {
		line += " " + i18n.T(lang, "transfersui.setup.tag", it.Tag)
	}
	return line
}

// ageText is a short, rounded-down age for a table cell: "12 s", "3 min", "5 h", "2 d".
func ageText(lang i18n.Lang, d time.Duration) string {
	switch {
	case d < 0:
		d = 0
		fallthrough
	case d < time.Minute:
		return i18n.T(lang, "gui.transfers.age.s", int(d/time.Second))
	case d < time.Hour:
		return i18n.T(lang, "gui.transfers.age.min", int(d/time.Minute))
	case d < 48*time.Hour:
		return i18n.T(lang, "gui.transfers.age.h", int(d/time.Hour))
	}
	return i18n.T(lang, "gui.transfers.age.d", int(d/(24*time.Hour)))
}

// stateIcon is the icon of the state column, coloured by what the stage means to the user:
// red when Chorus Pro or the buyer refused it or it was not sent, orange when the user must
// act, green when it went through.
func stateIcon(it outbox.Item) fyne.Resource {
	if it.ReplacedBy != "" { // its newer copy is the one that counts
		return theme.NewDisabledResource(theme.ContentRedoIcon())
	}
	if it.State == outbox.Depositing {
		return theme.NewPrimaryThemedResource(theme.UploadIcon())
	}
	switch outbox.Explain(it).Stage {
	case outbox.StageWaiting:
		return theme.HistoryIcon()
	case outbox.StageSent:
		return theme.NewPrimaryThemedResource(theme.MailSendIcon())
	case outbox.StageUnknown, outbox.StageUnsure:
		return theme.NewWarningThemedResource(theme.QuestionIcon())
	case outbox.StageHeld:
		return theme.NewWarningThemedResource(theme.MediaPauseIcon())
	case outbox.StageNotSent:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case outbox.StageAccepted, outbox.StageAvailable, outbox.StageMandated:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case outbox.StagePaid:
		return theme.NewSuccessThemedResource(theme.CheckButtonCheckedIcon())
	case outbox.StageRefused, outbox.StageRejected:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	case outbox.StageRecycle, outbox.StageSuspended, outbox.StageStalled:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case outbox.StageWithdrawn:
		return theme.NewErrorThemedResource(theme.DeleteIcon())
	}
	return theme.QuestionIcon()
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func nonZero(n int64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}
