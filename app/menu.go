package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// command is one entry of the main menu, with its keyboard shortcut if any.
type command struct {
	label    string // catalog key; "" = separator
	key      fyne.KeyName
	mod      fyne.KeyModifier
	unlocked bool // needs the vault open (ignored on the unlock screen)
	do       func()
	quit     bool
}

const ctrl = fyne.KeyModifierShortcutDefault

// commands lists the menus. Shortcuts live in the main menu because Fyne hands a shortcut to
// the focused entry first and the canvas never sees it; menu shortcuts come before both.
func (u *UI) commands() [][]command {
	tab := func() *companyTab { return u.main.tab }
	list := func() *companiesPane { return u.main.companies }
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
			{label: "gui.menu.next", key: fyne.KeyTab, mod: fyne.KeyModifierControl, unlocked: true, do: func() { list().list.Step(1) }},
			{label: "gui.menu.prev", key: fyne.KeyTab, mod: fyne.KeyModifierControl | fyne.KeyModifierShift, unlocked: true, do: func() { list().list.Step(-1) }},
		},
		{ // Setup
			{label: "gui.menu.setup"},
			{label: "gui.menu.form", key: fyne.KeyE, mod: ctrl, unlocked: true, do: func() { u.win.Canvas().Focus(tab().tag) }},
			{label: "gui.menu.save", key: fyne.KeyS, mod: ctrl, unlocked: true, do: func() { tab().save() }},
			{label: "gui.tab.revert", unlocked: true, do: func() { tab().revert() }},
			{label: "gui.menu.test", key: fyne.KeyT, mod: ctrl, unlocked: true, do: func() { tab().test.start() }},
			{},
			{label: "gui.tab.enable_tip", unlocked: true, do: func() { tab().setEnabled(true) }},
			{label: "gui.tab.disable_tip", unlocked: true, do: func() { tab().setEnabled(false) }},
			{label: "gui.menu.move", key: fyne.KeyM, mod: ctrl, unlocked: true, do: u.showMove},
		},
		u.viewCommands(),
		{ // Vault
			{label: "gui.menu.vault"},
			{label: "gui.menu.switch_env", unlocked: true, do: u.askSwitchEnv},
			{label: "gui.settings", unlocked: true, do: u.showSettings},
			{label: "gui.audit", unlocked: true, do: u.showAudit},
			{label: "gui.password", unlocked: true, do: u.showChangePassword},
		},
	}
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

// installMenu sets the main menu in the current language and registers the same shortcuts
// on the canvas (used when no widget has the focus, and by the test driver).
func (u *UI) installMenu() {
	if u.menuLang == u.lang {
		return
	}
	u.menuLang = u.lang
	var menus []*fyne.Menu
	for _, group := range u.commands() {
		if len(group) < 2 {
			continue // a menu with no entries (no extra view registered)
		}
		m := fyne.NewMenu(u.t(group[0].label))
		for _, c := range group[1:] {
			if c.label == "" {
				m.Items = append(m.Items, fyne.NewMenuItemSeparator())
				continue
			}
			c := c
			it := fyne.NewMenuItem(u.t(c.label), func() { u.run(c) })
			it.IsQuit = c.quit
			if c.key != "" && c.mod != 0 {
				sc := &desktop.CustomShortcut{KeyName: c.key, Modifier: c.mod}
				it.Shortcut = sc
				u.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) { u.run(c) })
			}
			m.Items = append(m.Items, it)
		}
		menus = append(menus, m)
	}
	u.win.SetMainMenu(fyne.NewMainMenu(menus...))
}
