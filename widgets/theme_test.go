package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestThemeContrast computes, in the light and the dark variant, the WCAG contrast of every
// text colour of the theme against each background it is drawn on, and requires AA: 4.5:1
// for text (status colours included), 3:1 for disabled text (exempt in WCAG, kept readable).
// It logs the ratios (go test -v) for the report.
func TestThemeContrast(t *testing.T) {
	test.NewTempApp(t)
	backgrounds := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameOverlayBackground,
		theme.ColorNameMenuBackground, theme.ColorNameHeaderBackground, theme.ColorNameButton}
	texts := append([]fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNamePlaceHolder}, StatusColors...)
	onColours := map[fyne.ThemeColorName]fyne.ThemeColorName{
		theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary,
		theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess,
		theme.ColorNameForegroundOnWarning: theme.ColorNameWarning,
		theme.ColorNameForegroundOnError:   theme.ColorNameError,
	}
	for _, name := range []string{"light", "dark"} {
		th := NewTheme(name)
		v := th.Variant(theme.VariantLight)
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		check := func(fg, bg fyne.ThemeColorName, bgColour color.Color, min float64) {
			r := Contrast(c(fg), bgColour)
			t.Logf("%-5s %-20s on %-26s %5.2f:1", name, fg, bg, r)
			if r < min {
				t.Errorf("%s: %s on %s is %.2f:1, below %.1f:1", name, fg, bg, r, min)
			}
		}
		for _, bg := range backgrounds {
			for _, fg := range texts {
				check(fg, bg, c(bg), 4.5)
			}
			check(theme.ColorNameDisabled, bg, c(bg), 3)
		}
		// Entries: typed text and placeholders on the input background.
		for _, fg := range []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNamePlaceHolder} {
			check(fg, theme.ColorNameInputBackground, c(theme.ColorNameInputBackground), 4.5)
		}
		// Non-text: the outline of entries and of unticked check boxes and radio buttons, on
		// every surface they sit on (3:1, WCAG 1.4.11).
		for _, bg := range append(backgrounds, theme.ColorNameInputBackground) {
			check(theme.ColorNameInputBorder, bg, c(bg), 3)
		}
		// Text on coloured buttons and badges.
		for fg, bg := range onColours {
			check(fg, bg, c(bg), 4.5)
		}
		// The selected tab: its text over the selection colour, itself over the background.
		sel := Over(c(theme.ColorNameSelection), c(theme.ColorNameBackground))
		check(theme.ColorNameForeground, "selection over background", sel, 4.5)
		check(theme.ColorNamePrimary, "selection (accent bar)", sel, 3) // a graphic, not text: 3:1
		// A hovered row.
		hover := Over(c(theme.ColorNameHover), c(theme.ColorNameBackground))
		check(theme.ColorNameForeground, "hover over background", hover, 4.5)
	}
	// The environment badge: white on its fixed colours, whatever the theme.
	for name, bg := range map[string]color.Color{"sandbox": SandboxColor, "production": ProductionColor} {
		if r := Contrast(color.White, bg); r < 4.5 {
			t.Errorf("white on the %s badge: %.2f:1", name, r)
		} else {
			t.Logf("white on the %s badge %.2f:1", name, r)
		}
	}
}

// TestFyneDefaultsFailAA documents why the theme exists: Fyne's own status colours on its
// light background fail AA (the issue measured 1.5:1 for green).
func TestFyneDefaultsFailAA(t *testing.T) {
	test.NewTempApp(t)
	d := theme.DefaultTheme()
	bg := d.Color(theme.ColorNameBackground, theme.VariantLight)
	if r := Contrast(d.Color(theme.ColorNameSuccess, theme.VariantLight), bg); r > 2 {
		t.Fatalf("Fyne's light success colour now reaches %.2f:1: the override may be dropped", r)
	}
}

func TestContrastMaths(t *testing.T) {
	if r := Contrast(color.White, color.Black); r < 20.99 || r > 21.01 {
		t.Fatalf("white on black %.3f", r)
	}
	if r := Contrast(color.NRGBA{0x77, 0x77, 0x77, 0xff}, color.White); r < 4.47 || r > 4.49 {
		t.Fatalf("#777 on white %.3f, want 4.48", r)
	}
	if got := Over(color.NRGBA{0, 0, 0, 0x80}, color.White).(color.NRGBA); got.R != 0x7f {
		t.Fatalf("half black over white %v", got)
	}
}
