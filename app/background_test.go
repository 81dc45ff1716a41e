package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/demo"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/internal/autostart"
	"chorusdesk/outbox"
	"chorusdesk/storage"
)

// trayHarness is the window of a vault whose DEMO1 company deposits at an emulator, with a
// fake system tray, the Transfers bridge's hops queued, and the quits, notifications and
// start-at-login entries recorded (the latter in a temporary home).
type trayHarness struct {
	t     *testing.T
	u     *UI
	svc   *core.Service
	emu   *emulator.Emulator
	tray  *fakeTray
	p     *hops
	quits int
	notes []string // "title | body"
	home  string
}

// newTrayHarness opens the window on the unlock screen; before runs on the service first
// (with the vault unlocked) and may lock it.
func newTrayHarness(t *testing.T, trayShown bool, eo emulator.Options, before ...func(*core.Service)) *trayHarness {
	t.Helper()
	keyring.MockInit()
	emu, svc := demoVaultOnEmulator(t, t.TempDir(), eo)
	for _, f := range before {
		f(svc)
	}
	svc.Lock()
	h := &trayHarness{t: t, svc: svc, emu: emu, tray: &fakeTray{shown: trayShown}, p: newHops(), home: t.TempDir()}
	h.u = New(testApp(t), testWindow(t), svc, Options{Lang: i18n.EN, RunAsync: func(f func()) { f() }, Outbox: quickOutbox(), Do: h.p.do,
		NewTimer: func(time.Duration, func()) Timer { return &fakeTimer{} }, Tray: h.tray})
	h.u.quitApp = func() { h.quits++ }
	h.u.bg.send = func(title, body string) { h.notes = append(h.notes, title+" | "+body) }
	h.u.bg.autostart = &autostart.Env{GOOS: "linux", Home: h.home}
	h.u.bg.icon = func() fyne.Resource { return fyne.NewStaticResource("Icon.png", []byte("icon")) }
	t.Cleanup(func() { h.u.shutdown(svc.Close) })
	h.u.Start()
	return h
}

// unlock types the master password on the unlock screen and waits for the engine.
func (h *trayHarness) unlock() {
	h.t.Helper()
	if h.u.unlock == nil {
		h.t.Fatal("not on the unlock screen")
	}
	h.u.unlock.password.SetText(testPassword)
	h.u.submitUnlock()
	if h.u.main == nil {
		h.t.Fatalf("unlock failed: %q", h.u.unlock.message.Text)
	}
	h.p.until(h.t, "the engine is loaded", func() bool { b := h.u.transfers.bridge; return b != nil && b.Ready() })
}

// watch chooses an inbox folder and starts watching it from the tray.
func (h *trayHarness) watch() string {
	h.t.Helper()
	dir := h.t.TempDir()
	if err := h.u.transfers.host().SetInbox(dir); err != nil {
		h.t.Fatal(err)
	}
	h.tray.tap(h.t, "Resume watching")
	if _, on := h.u.transfers.bridge.Watching(); !on {
		h.t.Fatal("Resume in the tray did not start the watch")
	}
	return dir
}

// status is the tray's status line.
func (h *trayHarness) status() string { return h.tray.menu(h.t).Items[2].Label }

func (h *trayHarness) noted(prefix string) bool {
	for _, n := range h.notes {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// add sends an invoice through the bridge, as a drop on the window does.
func (h *trayHarness) add() {
	h.t.Helper()
	h.u.transfers.bridge.Add([]string{sampleInvoice(h.t)}, "", false, nil)
}

func (h *trayHarness) items() []outbox.Item { return h.u.transfers.engine.engine().Items() }

// The tray from the start: the app's icon, Open / status / Resume (disabled until an inbox is
// chosen) / Quit; Resume and Pause toggle the watch (the resume keeps the paused watch's
// company); the menu follows the language; the lock without the opt-in says transfers pause.
func TestTrayFollowsTheSession(t *testing.T) {
	h := newTrayHarness(t, true, emulator.Options{})
	if h.tray.icon == nil || h.tray.icon.Name() != "Icon.png" {
		t.Fatalf("tray icon %v, want the app's", h.tray.icon)
	}
	if got := strings.Join(h.tray.labels(t), "|"); got != "Open Chorus Desk|-|(Transfers paused: Chorus Desk is locked)|(Resume watching the inbox)|-|Quit Chorus Desk" {
		t.Fatalf("menu on the unlock screen: %s", got)
	}
	h.unlock()
	if h.status() != "No transfer in progress" || !h.tray.menu(t).Items[3].Disabled {
		t.Fatalf("unlocked, no inbox: %v", h.tray.labels(t))
	}
	dir := h.watch()
	if h.status() != "Watching the inbox" || h.tray.menu(t).Items[3].Label != "Pause watching the inbox" {
		t.Fatalf("watching: %v", h.tray.labels(t))
	}
	// The Transfers view's own button stops it: the tray follows (the bridge's OnWatch).
	h.u.transfers.bridge.StopWatch()
	if h.tray.menu(t).Items[3].Label != "Resume watching the inbox" {
		t.Fatalf("after a stop elsewhere: %v", h.tray.labels(t))
	}
	h.u.transfers.bridge.StartWatch(dir, "DEMO1")
	h.tray.tap(t, "Pause watching")
	if _, on := h.u.transfers.bridge.Watching(); on {
		t.Fatal("Pause did not stop the watch")
	}
	h.tray.tap(t, "Resume watching")
	if got := h.u.transfers.bridge.WatchCompany(); got != "DEMO1" {
		t.Fatalf("resumed with company %q, want DEMO1", got)
	}

	h.u.setLang(i18n.FR)
	if got := strings.Join(h.tray.labels(t), "|"); got != "Ouvrir Chorus Desk|-|(Dossier de dépôt surveillé)|Suspendre la surveillance du dossier de dépôt|-|Quitter Chorus Desk" {
		t.Fatalf("menu in French: %s", got)
	}
	h.u.setLang(i18n.EN)

	h.u.lock()
	h.p.until(t, "the tray says the transfers pause", func() bool { return h.status() == "Transfers paused: Chorus Desk is locked" })
	if !h.tray.menu(t).Items[3].Disabled {
		t.Error("Resume is enabled while the transfers are paused")
	}
}

// Closing the window: into the tray when the inbox is watched or transfers are pending and a
// tray is shown (said once by a notification); otherwise the quit, as before.
func TestCloseWindow(t *testing.T) {
	for _, tc := range []struct {
		name      string
		trayShown bool
		watch     bool
		inFlight  bool
		hides     bool
	}{
		{name: "nothing running", trayShown: true},
		{name: "inbox watched", trayShown: true, watch: true, hides: true},
		{name: "deposit on its way", trayShown: true, inFlight: true, hides: true},
		{name: "inbox watched, no tray on this desktop", watch: true},
		{name: "deposit on its way, no tray on this desktop", inFlight: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTrayHarness(t, tc.trayShown, emulator.Options{ProcessingTime: time.Hour})
			h.unlock()
			if tc.watch {
				h.tray.shown = true // the watch starts from the tray...
				h.watch()
				h.tray.shown = tc.trayShown // ...which may be gone by the time the window closes
			}
			if tc.inFlight {
				inFlight(t, h.u, h.p, h.emu, sampleInvoice(t))
				if n := h.u.bg.pending(); n != 1 {
					t.Fatalf("%d pending, want 1", n)
				}
			}
			h.u.closeWindow()
			if tc.hides {
				if h.quits != 0 || !h.u.bg.hidden {
					t.Fatalf("quits %d, hidden %v: want hidden in the tray", h.quits, h.u.bg.hidden)
				}
				if !h.noted("Chorus Desk is still running | Transfers go on in the background") {
					t.Fatalf("notifications %q", h.notes)
				}
				h.u.closeWindow() // closed again after reopening: told only once
				if len(h.notes) != 1 {
					t.Fatalf("notifications %q", h.notes)
				}
				h.tray.tap(t, "Open Chorus Desk")
				if h.u.bg.hidden {
					t.Fatal("Open did not show the window")
				}
				h.tray.tap(t, "Quit Chorus Desk")
				if h.quits != 1 {
					t.Fatal("Quit in the tray did not quit")
				}
				return
			}
			if h.quits != 1 || h.u.bg.hidden {
				t.Fatalf("quits %d, hidden %v: want the quit", h.quits, h.u.bg.hidden)
			}
		})
	}
}

// Quit in the tray with unsaved changes in the form: the window opens and asks first.
func TestTrayQuitAsksAboutUnsavedChanges(t *testing.T) {
	h := newTrayHarness(t, true, emulator.Options{})
	h.unlock()
	h.watch()
	co, err := h.svc.Company("DEMO1")
	if err != nil {
		t.Fatal(err)
	}
	h.u.main.companies.list.SetFilter("")
	if !h.u.main.companies.list.Select(co.ID) {
		t.Fatal("DEMO1 not in the list")
	}
	h.u.main.tab.slots[domain.Sandbox].entries[domain.FieldLogin].SetText("TECH_changed@cpro.fr")
	h.u.closeWindow()
	h.tray.tap(t, "Quit Chorus Desk")
	if h.quits != 0 || h.u.bg.hidden || h.u.unsavedDlg == nil {
		t.Fatalf("quits %d, hidden %v, asked %v", h.quits, h.u.bg.hidden, h.u.unsavedDlg != nil)
	}
	test.Tap(h.u.unsavedDlg.discard)
	if h.quits != 1 {
		t.Fatal("discarding did not quit")
	}
}

// Notifications still come with the window in the tray: a rejection and the end of the batch.
func TestNotificationsWhileHidden(t *testing.T) {
	h := newTrayHarness(t, true, emulator.Options{ProcessingTime: 20 * time.Millisecond})
	h.unlock()
	h.watch()
	h.u.closeWindow()
	if !h.u.bg.hidden {
		t.Fatal("the window did not go to the tray")
	}
	if err := h.emu.ForceOutcome(emulator.Outcome{Kind: "IN_REJETE", Libelle: "refused by the test"}); err != nil {
		t.Fatal(err)
	}
	h.add()
	h.p.until(t, "the rejection and the batch end are told", func() bool {
		return h.noted("Invoice FA-2026-0001: refused by Chorus Pro") && h.noted("Chorus Desk: batch finished")
	})
}

// With "keep transfers running while locked", the lock keeps the bridge, the watch and the
// notifications, and a deposit goes out with the vault locked; without it, the lock stops
// them and the tray says the transfers pause (a notification says it when hidden).
func TestLockWithAndWithoutKeepRunning(t *testing.T) {
	t.Run("opt-in", func(t *testing.T) {
		h := newTrayHarness(t, true, emulator.Options{ProcessingTime: 20 * time.Millisecond},
			func(s *core.Service) {
				if err := s.SetKeepRunning(true); err != nil {
					t.Fatal(err)
				}
			})
		h.unlock()
		h.watch()
		h.u.closeWindow()
		h.u.lock()
		br := h.u.transfers.bridge
		if br == nil {
			t.Fatal("the lock stopped the bridge")
		}
		if _, on := br.Watching(); !on {
			t.Fatal("the lock stopped the inbox watch")
		}
		if h.svc.Unlocked() || h.u.unlock == nil {
			t.Fatal("the window is not locked")
		}
		h.p.until(t, "the tray is up to date", func() bool { return h.status() == "Watching the inbox" })
		h.add()
		h.p.until(t, "the deposit went out and the batch end is told", func() bool {
			its := h.items()
			return len(its) == 1 && its[0].WasDeposited() && h.noted("Chorus Desk: batch finished")
		})
		if h.svc.Unlocked() || len(h.emu.Deposits()) != 1 {
			t.Fatalf("unlocked %v, %d deposits", h.svc.Unlocked(), len(h.emu.Deposits()))
		}
	})
	t.Run("no opt-in", func(t *testing.T) {
		h := newTrayHarness(t, true, emulator.Options{ProcessingTime: time.Hour})
		h.unlock()
		inFlight(t, h.u, h.p, h.emu, sampleInvoice(t))
		h.u.closeWindow()
		h.u.lock()
		if h.u.transfers.bridge != nil {
			t.Fatal("the bridge runs on after the lock without the opt-in")
		}
		h.p.until(t, "the tray says the transfers pause", func() bool { return h.status() == "Transfers paused: Chorus Desk is locked" })
		if !h.noted("Transfers paused | Transfers are paused while Chorus Desk is locked") {
			t.Fatalf("notifications %q", h.notes)
		}
	})
}

// The settings' "In the background" row: both off by default; ticking them writes the start
// at login (this program, --background, this data directory) and keeps the key in the
// system keyring; unticking removes both.
func TestBackgroundSettings(t *testing.T) {
	h := newTrayHarness(t, true, emulator.Options{})
	h.unlock()
	entry := filepath.Join(h.home, ".config", "autostart", AppID+".desktop")
	account := h.svc.KeyringAccount()
	h.u.showSettings()
	s := h.u.bg.settings
	if s.autostart.Checked || s.keepRunning.Checked {
		t.Fatal("a background setting is on by default")
	}
	if s.autostart.Text != "Start Chorus Desk at login, in the system tray" || s.keepRunning.Text != "Keep transfers running while locked" {
		t.Fatalf("labels %q, %q", s.autostart.Text, s.keepRunning.Text)
	}
	s.autostart.SetChecked(true)
	s.keepRunning.SetChecked(true)
	h.u.saveSettings()
	if msg := h.u.main.settingsDlg.message.Text; msg != "" {
		t.Fatalf("save: %s", msg)
	}
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"--background" "--data" "`+h.svc.Dir()+`"`) {
		t.Fatalf("start-at-login entry:\n%s", b)
	}
	if on, _ := h.svc.KeepRunning(); !on {
		t.Fatal("keep running not recorded")
	}
	if _, err := keyring.Get(storage.KeyringService, account); err != nil {
		t.Fatalf("no key in the keyring: %v", err)
	}

	h.u.showSettings()
	s = h.u.bg.settings
	if !s.autostart.Checked || !s.keepRunning.Checked {
		t.Fatal("the settings do not show what is on")
	}
	s.autostart.SetChecked(false)
	s.keepRunning.SetChecked(false)
	h.u.saveSettings()
	if _, err := os.Stat(entry); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the start-at-login entry is still there: %v", err)
	}
	if _, err := keyring.Get(storage.KeyringService, account); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the key is still in the keyring: %v", err)
	}

	// In French, with no tray on this desktop: the row says closing the window quits.
	h.tray.shown = false
	h.u.setLang(i18n.FR)
	h.u.showSettings()
	if got := h.u.bg.settings.keepRunning.Text; got != "Poursuivre les transferts quand Chorus Desk est verrouillé" {
		t.Fatalf("French label %q", got)
	}
}

// The start at login (--background): hidden in the tray, the engine running with the vault
// locked, the inbox watched once the items are loaded — when the vault can run locked and a
// tray is shown; otherwise the window opens as usual.
func TestStartHidden(t *testing.T) {
	optIn := func(s *core.Service) {
		if err := s.SetKeepRunning(true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetInboxFolder(t.TempDir()); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name      string
		trayShown bool
		optIn     bool
		hidden    bool
	}{
		{"opt-in and a tray", true, true, true},
		{"no tray", false, true, false},
		{"no opt-in", true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before []func(*core.Service)
			if tc.optIn {
				before = append(before, optIn)
			}
			h := newTrayHarness(t, tc.trayShown, emulator.Options{}, before...)
			if got := h.u.startHidden(); got != tc.hidden {
				t.Fatalf("startHidden = %v, want %v", got, tc.hidden)
			}
			if !tc.hidden {
				if h.u.transfers.bridge != nil {
					t.Fatal("transfers started without the window")
				}
				return
			}
			h.p.until(t, "the inbox is watched", func() bool {
				b := h.u.transfers.bridge
				_, on := b.Watching()
				return b.Ready() && on
			})
			if h.svc.Unlocked() || h.u.unlock == nil || !h.u.bg.hidden {
				t.Fatal("the background start unlocked the vault or showed the window")
			}
			if h.status() != "Watching the inbox" {
				t.Fatalf("tray: %v", h.tray.labels(t))
			}
			h.add()
			h.p.until(t, "a deposit went out locked", func() bool { its := h.items(); return len(its) == 1 && its[0].WasDeposited() })
		})
	}
}

// demoVaultOnEmulator is a vault in dir whose sandbox is a fresh emulator, with DEMO1 (the
// emulator's first supplier) and its enabled demo setup.
func demoVaultOnEmulator(t *testing.T, dir string, eo emulator.Options) (*emulator.Emulator, *core.Service) {
	t.Helper()
	emu, err := emulator.Start("127.0.0.1:0", eo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	svc, err := core.Open(dir, cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: emu.OAuthURL(), APIURL: emu.APIURL()}); err != nil {
		t.Fatal(err)
	}
	c, err := svc.AddCompany("DEMO1", "Demo 1", emulator.SupplierSIRET1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveSetup(c.ID, demo.Setup(1, true)); err != nil {
		t.Fatal(err)
	}
	return emu, svc
}
