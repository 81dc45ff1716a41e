package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is Fyne's default theme with colours that every text meets WCAG AA against (4.5:1
// for body text) in the light and the dark variant — Fyne's own green on white is about
// 1.5:1 and its orange 2:1 — and a variant the user can force (light or dark) or leave to
// the system. Everything it does not name comes from the default theme.
type Theme struct {
	// Forced is the variant to use whatever the system says; nil follows the system.
	Forced *fyne.ThemeVariant
}

// NewTheme returns the theme for a choice of the settings: "light", "dark", or anything else
// for the system's variant.
func NewTheme(choice string) *Theme {
	t := &Theme{}
	switch choice {
	case "light":
		v := theme.VariantLight
		t.Forced = &v
	case "dark":
		v := theme.VariantDark
		t.Forced = &v
	}
	return t
}

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }

// palettes are the colours changed from Fyne's defaults, by variant. The contrast test
// (TestThemeContrast) computes each text colour against the backgrounds it is drawn on.
var palettes = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNameForeground:          rgb(0x30, 0x30, 0x30),
		theme.ColorNamePrimary:             rgb(0x15, 0x5f, 0xb8),
		theme.ColorNameHyperlink:           rgb(0x15, 0x5f, 0xb8),
		theme.ColorNameForegroundOnPrimary: rgb(0xff, 0xff, 0xff),
		theme.ColorNameSuccess:             rgb(0x1b, 0x6e, 0x2c),
		theme.ColorNameWarning:             rgb(0x9a, 0x52, 0x00),
		theme.ColorNameError:               rgb(0xb7, 0x1c, 0x1c),
		theme.ColorNameForegroundOnSuccess: rgb(0xff, 0xff, 0xff),
		theme.ColorNameForegroundOnWarning: rgb(0xff, 0xff, 0xff),
		theme.ColorNameForegroundOnError:   rgb(0xff, 0xff, 0xff),
		theme.ColorNamePlaceHolder:         rgb(0x66, 0x66, 0x66),
		// Disabled text stays readable (3:1) yet visibly inactive.
		theme.ColorNameDisabled: rgb(0x8a, 0x8a, 0x8a),
		// The outline of entries and of unticked check boxes and radio buttons: Fyne's
		// #e3e3e3 on white is 1.3:1, so an unchosen option (Dark, Français) was invisible.
		// Non-text contrast asks 3:1.
		theme.ColorNameInputBorder: rgb(0x85, 0x85, 0x85),
		theme.ColorNameSelection:   color.NRGBA{R: 0x15, G: 0x5f, B: 0xb8, A: 0x30},
		theme.ColorNameFocus:       color.NRGBA{R: 0x15, G: 0x5f, B: 0xb8, A: 0x60},
	},
	theme.VariantDark: {
		theme.ColorNameForeground:          rgb(0xf0, 0xf0, 0xf0),
		theme.ColorNamePrimary:             rgb(0x6c, 0xa8, 0xff),
		theme.ColorNameHyperlink:           rgb(0x6c, 0xa8, 0xff),
		theme.ColorNameForegroundOnPrimary: rgb(0x10, 0x10, 0x12),
		theme.ColorNameSuccess:             rgb(0x5c, 0xd6, 0x6a),
		theme.ColorNameWarning:             rgb(0xff, 0xa7, 0x26),
		theme.ColorNameError:               rgb(0xff, 0x73, 0x66),
		theme.ColorNameForegroundOnSuccess: rgb(0x10, 0x10, 0x12),
		theme.ColorNameForegroundOnWarning: rgb(0x10, 0x10, 0x12),
		theme.ColorNameForegroundOnError:   rgb(0x10, 0x10, 0x12),
		theme.ColorNamePlaceHolder:         rgb(0xa8, 0xa8, 0xa8),
		theme.ColorNameDisabled:            rgb(0x80, 0x80, 0x80),
		theme.ColorNameInputBorder:         rgb(0x76, 0x76, 0x76), // Fyne's #39393a: 1.5:1
		theme.ColorNameSelection:           color.NRGBA{R: 0x6c, G: 0xa8, B: 0xff, A: 0x38},
		theme.ColorNameFocus:               color.NRGBA{R: 0x6c, G: 0xa8, B: 0xff, A: 0x60},
	},
}

// Variant is the variant the theme draws for the system's variant v.
func (t *Theme) Variant(v fyne.ThemeVariant) fyne.ThemeVariant {
	if t.Forced != nil {
		return *t.Forced
	}
	if v != theme.VariantLight {
		return theme.VariantDark // as the default theme reads any other value
	}
	return v
}

// Color is the palette's colour when it changes it, else the default theme's.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	v = t.Variant(v)
	if c, ok := palettes[v][n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font is the default theme's.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon is the default theme's.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size is the default theme's, a little tighter: the setup form and the Test results fit a
// 1024×700 screen without scrolling.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding:
		return 6
	case theme.SizeNameHeadingText:
		return 18
	case theme.SizeNameSubHeadingText:
		return 16
	}
	return theme.DefaultTheme().Size(n)
}

// Status colours of the theme, by name, for the contrast test and the widgets that draw text
// on a coloured background.
var StatusColors = []fyne.ThemeColorName{theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError,
	theme.ColorNamePrimary, theme.ColorNameHyperlink}

// Luminance is the WCAG relative luminance of c (alpha ignored).
func Luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	lin := func(v uint32) float64 {
		s := float64(v>>8) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG contrast ratio of two opaque colours (1 to 21).
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Over composes c over the opaque background bg (for translucent hover and selection
// colours).
func Over(c, bg color.Color) color.Color {
	f := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
	return color.NRGBA{R: mix(f.R, b.R), G: mix(f.G, b.G), B: mix(f.B, b.B), A: 0xff}
}
