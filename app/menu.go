package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"chorusdesk/domain"
)

// command is one entry of the main menu, with its keyboard shortcut if any.
type command struct {
	label    string // catalog key; "" = separator
	key      fyne.KeyName
	mod      fyne.KeyModifier
	unlocked bool // needs the vault open: not in the lock screen's menu
	do       func()
	quit     bool
}

const ctrl = fyne.KeyModifierShortcutDefault

// Shortcuts shown in tooltips (the menu shows its own).
const (
	shortcutEnable  = "Ctrl+Shift+E"
	shortcutDisable = "Ctrl+Shift+D"
	shortcutMove    = "Ctrl+M"
	shortcutTest    = "Ctrl+T"
	shortcutLock    = "Ctrl+L"
)

// commands lists the menus. Shortcuts live in the main menu because Fyne hands a shortcut to
// the focused entry first and the canvas never sees it; menu shortcuts come before both.
func (u *UI) commands() [][]command {
	tab := func() *companyTab { return u.main.tab }
	list := func() *companiesPane { return u.main.companies }
	shift := fyne.KeyModifierControl | fyne.KeyModifierShift
	return [][]command{
		{ // File
			{label: "gui.menu.file"},
			{label: "gui.export", unlocked: true, do: u.showExport},
			{label: "gui.import", unlocked: true, do: u.showImport},
			{},
			{label: "gui.lock", key: fyne.KeyL, mod: ctrl, unlocked: true, do: u.lockNow},
			{label: "gui.quit", key: fyne.KeyQ, mod: ctrl, do: u.quit, quit: true},
		},
		{ // Company
			{label: "gui.menu.company"},
			{label: "gui.menu.add", key: fyne.KeyN, mod: ctrl, unlocked: true, do: func() { u.showCompanyForm(nil) }},
			{label: "gui.menu.edit", unlocked: true, do: func() { list().edit.OnTapped() }},
			{label: "gui.menu.remove", unlocked: true, do: u.askRemoveCompany},
			{},
			{label: "gui.menu.find", key: fyne.KeyF, mod: ctrl, unlocked: true, do: func() { u.win.Canvas().Focus(list().list.Filter) }},
			{label: "gui.menu.next", key: fyne.KeyTab, mod: fyne.KeyModifierControl, unlocked: true, do: func() { u.stepCompany(1) }},
			{label: "gui.menu.prev", key: fyne.KeyTab, mod: shift, unlocked: true, do: func() { u.stepCompany(-1) }},
			{label: "setupui.menu.next_page", key: fyne.KeyPageDown, mod: fyne.KeyModifierControl, unlocked: true, do: func() { u.stepCompany(1) }},
			{label: "setupui.menu.prev_page", key: fyne.KeyPageUp, mod: fyne.KeyModifierControl, unlocked: true, do: func() { u.stepCompany(-1) }},
		},
		{ // Setup
			{label: "gui.menu.setup"},
			{label: "gui.menu.form", key: fyne.KeyE, mod: ctrl, unlocked: true, do: func() { u.win.Canvas().Focus(tab().tag) }},
			{label: "gui.menu.save", key: fyne.KeyS, mod: ctrl, unlocked: true, do: func() { tab().save() }},
			{label: "gui.tab.revert", unlocked: true, do: func() { tab().revert() }},
			{label: "setupui.menu.test", key: fyne.KeyT, mod: ctrl, unlocked: true, do: func() { tab().test.start(u.main.env) }},
			{label: "setupui.menu.test_other", unlocked: true, do: func() { tab().test.start(otherEnv(u.main.env)) }},
			{},
			{label: "setupui.menu.enable", key: fyne.KeyE, mod: shift, unlocked: true, do: func() { tab().setEnabled(true) }},
			{label: "setupui.menu.disable", key: fyne.KeyD, mod: shift, unlocked: true, do: func() { tab().setEnabled(false) }},
			{label: "gui.menu.move", key: fyne.KeyM, mod: ctrl, unlocked: true, do: u.showMove},
		},
		u.viewCommands(),
		{ // Vault
			{label: "gui.menu.vault"},
			{label: "gui.menu.switch_env", unlocked: true, do: u.askSwitchEnv},
			{label: "gui.settings", unlocked: true, do: u.showSettings},
			{label: "gui.audit", unlocked: true, do: u.showAudit},
			{label: "gui.password", unlocked: true, do: u.showChangePassword},
			{label: "transfersui.restore.menu", unlocked: true, do: func() { u.showRestore() }},
		},
		{ // Help
			{label: "setupui.menu.help"},
			{label: "setupui.menu.guide", unlocked: true, do: func() { u.showGuide(true) }},
			{label: "setupui.menu.user_guide", do: u.showUserGuide},
			{label: "setupui.menu.troubleshooting", do: u.showTroubleshooting},
			{label: "setupui.menu.diagnostics", unlocked: true, do: u.showDiagnostics},
			{},
			{label: "setupui.menu.about", do: u.showAbout},
		},
	}
}

func otherEnv(e domain.Env) domain.Env {
	if e == domain.Production {
		return domain.Sandbox
	}
	return domain.Production
}

// viewCommands is the View menu: one entry per view of the views table (views.go).
func (u *UI) viewCommands() []command {
	cmds := []command{{label: "gui.menu.view"}}
	for _, v := range u.views {
		cmds = append(cmds, command{label: v.label, key: v.key, mod: ctrl, unlocked: true, do: v.open})
	}
	return cmds
}

// run performs a command if the current screen allows it.
func (u *UI) run(c command) {
	if c.unlocked && u.main == nil {
		return
	}
	u.touch()
	c.do()
}

// installMenu sets the main menu for the current screen in the current language and
// registers the same shortcuts on the canvas (used when no widget has the focus, and by the
// test driver). The lock screen's menu holds only what works there (Quit, the user guide,
// About): no entry that would do nothing.
func (u *UI) installMenu() {
	locked := u.main == nil
	key := string(u.lang)
	if locked {
		key += "/locked"
	}
	if u.menuKey == key {
		return
	}
	u.menuKey, u.menuLang = key, u.lang
	c := u.win.Canvas()
	for _, sc := range u.menuShortcuts {
		c.RemoveShortcut(sc)
	}
	u.menuShortcuts = nil
	var menus []*fyne.Menu
	for _, group := range u.commands() {
		m := fyne.NewMenu(u.t(group[0].label))
		for _, cmd := range group[1:] {
			if cmd.label == "" {
				if n := len(m.Items); n > 0 && !m.Items[n-1].IsSeparator {
					m.Items = append(m.Items, fyne.NewMenuItemSeparator())
				}
				continue
			}
			if locked && cmd.unlocked {
				continue
			}
			cmd := cmd
			it := fyne.NewMenuItem(u.t(cmd.label), func() { u.run(cmd) })
			it.IsQuit = cmd.quit
			if cmd.key != "" && cmd.mod != 0 {
				sc := &desktop.CustomShortcut{KeyName: cmd.key, Modifier: cmd.mod}
				it.Shortcut = sc
				c.AddShortcut(sc, func(fyne.Shortcut) { u.run(cmd) })
				u.menuShortcuts = append(u.menuShortcuts, sc)
			}
			m.Items = append(m.Items, it)
		}
		for n := len(m.Items); n > 0 && m.Items[n-1].IsSeparator; n = len(m.Items) {
			m.Items = m.Items[:n-1]
		}
		if len(m.Items) > 0 {
			menus = append(menus, m)
		}
	}
	u.win.SetMainMenu(fyne.NewMainMenu(menus...))
}
