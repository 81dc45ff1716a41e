package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"chorusdesk/i18n"
)

// fakeTray is the system tray under the test's control: whether the desktop shows one, and
// every menu and icon the window gave it.
type fakeTray struct {
	shown bool
	menus []*fyne.Menu
	icon  fyne.Resource
}

func (f *fakeTray) Available() bool         { return f.shown }
func (f *fakeTray) SetMenu(m *fyne.Menu)    { f.menus = append(f.menus, m) }
func (f *fakeTray) SetIcon(r fyne.Resource) { f.icon = r }

// menu is the last menu installed.
func (f *fakeTray) menu(t *testing.T) *fyne.Menu {
	t.Helper()
	if len(f.menus) == 0 {
		t.Fatal("no tray menu was installed")
	}
	return f.menus[len(f.menus)-1]
}

// labels lists the last menu's items, "-" for a separator, "(x)" around disabled ones.
func (f *fakeTray) labels(t *testing.T) []string {
	t.Helper()
	return menuLabels(f.menu(t))
}

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		switch {
		case it.IsSeparator:
			out = append(out, "-")
		case it.Disabled:
			out = append(out, "("+it.Label+")")
		default:
			out = append(out, it.Label)
		}
	}
	return out
}

// tap runs the last menu's item whose label starts with prefix, as the tray does.
func (f *fakeTray) tap(t *testing.T, prefix string) {
	t.Helper()
	for _, it := range f.menu(t).Items {
		if !it.IsSeparator && strings.HasPrefix(it.Label, prefix) {
			if it.Disabled || it.Action == nil {
				t.Fatalf("tray item %q is disabled", it.Label)
			}
			it.Action()
			return
		}
	}
	t.Fatalf("no tray item %q in %v", prefix, f.labels(t))
}

// The menu for each state, in English and French: Open, the status line (never clickable),
// Pause or Resume watching (enabled only when it can act), Quit (the quit item, so Fyne adds
// no second one).
func TestTrayMenu(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    trayView
		want []string
	}{
		{"idle, no inbox", trayView{Lang: i18n.EN},
			[]string{"Open Chorus Desk", "-", "(No transfer in progress)", "(Resume watching the inbox)", "-", "Quit Chorus Desk"}},
		{"watch can start", trayView{Lang: i18n.EN, CanWatch: true},
			[]string{"Open Chorus Desk", "-", "(No transfer in progress)", "Resume watching the inbox", "-", "Quit Chorus Desk"}},
		{"watching", trayView{Lang: i18n.EN, Watching: true, CanWatch: true},
			[]string{"Open Chorus Desk", "-", "(Watching the inbox)", "Pause watching the inbox", "-", "Quit Chorus Desk"}},
		{"pending while watching", trayView{Lang: i18n.EN, Watching: true, CanWatch: true, Pending: 3},
			[]string{"Open Chorus Desk", "-", "(Transfers in progress: 3)", "Pause watching the inbox", "-", "Quit Chorus Desk"}},
		{"locked, paused", trayView{Lang: i18n.EN, Paused: true, Pending: 2},
			[]string{"Open Chorus Desk", "-", "(Transfers paused: Chorus Desk is locked)", "(Resume watching the inbox)", "-", "Quit Chorus Desk"}},
		{"locked, running, keyring refused", trayView{Lang: i18n.EN, Problem: true, Pending: 1, Watching: true},
			[]string{"Open Chorus Desk", "-", "(Transfers waiting: the system keyring did not give the key)", "Pause watching the inbox", "-", "Quit Chorus Desk"}},
		{"French, watching", trayView{Lang: i18n.FR, Watching: true, Pending: 1},
			[]string{"Ouvrir Chorus Desk", "-", "(Transferts en cours : 1)", "Suspendre la surveillance du dossier de dépôt", "-", "Quitter Chorus Desk"}},
		{"French, paused", trayView{Lang: i18n.FR, Paused: true},
			[]string{"Ouvrir Chorus Desk", "-", "(Transferts suspendus : Chorus Desk est verrouillé)", "(Reprendre la surveillance du dossier de dépôt)", "-", "Quitter Chorus Desk"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opened, toggled, quit int
			m := trayMenu(tc.v, trayActions{Open: func() { opened++ }, ToggleWatch: func() { toggled++ }, Quit: func() { quit++ }})
			if got := menuLabels(m); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("menu\n got %q\nwant %q", got, tc.want)
			}
			last := m.Items[len(m.Items)-1]
			if !last.IsQuit {
				t.Error("the last item is not marked as the quit item")
			}
			m.Items[0].Action()
			m.Items[3].Action()
			last.Action()
			if opened != 1 || toggled != 1 || quit != 1 {
				t.Errorf("actions: open %d, toggle %d, quit %d", opened, toggled, quit)
			}
			if m.Items[2].Action != nil {
				t.Error("the status line does something")
			}
		})
	}
}
