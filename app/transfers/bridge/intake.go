package bridge

import (
	"path/filepath"

	"chorusdesk/outbox"
)

// AddResult is what the engine answered for one file of an intake.
type AddResult struct {
	Path string
	Item outbox.Item
	Err  error // *outbox.DuplicateError when the invoice was already sent
}

// Add takes files (a folder stands for the invoices in it) into the outbox off Fyne's
// goroutine: reading, detecting and the synced write of each file happen there. company is
// the company code chosen for invoices whose seller SIRET matches none ("" = none). The rows
// appear through the engine's events; done gets each file's answer on Fyne's goroutine (the
// view reports them and offers the forced resend of duplicates). Nothing happens before the
// engine is loaded.
func (b *Bridge) Add(paths []string, company string, force bool, done func([]AddResult)) {
	eng := b.engine
	if eng == nil {
		return
	}
	b.model.BeginIntake()
	b.cfg.RunAsync(func() {
		var res []AddResult
		for _, p := range expandPaths(paths) {
			it, err := eng.Add(p, outbox.AddOptions{Company: company, Force: force})
			res = append(res, AddResult{p, it, err})
		}
		b.hop(func() {
			if b.model.EndIntake() {
				b.notifyBatchEnd()
			}
			b.changed()
			if done != nil {
				done(res)
			}
		})
	})
}

// Siblings lists, off Fyne's goroutine, the invoices in the folder of a chosen file (Fyne's
// file dialog picks one file; the view then offers its neighbours). done gets the folder and
// the files' names on Fyne's goroutine.
func (b *Bridge) Siblings(chosen string, done func(dir string, names []string)) {
	b.cfg.RunAsync(func() {
		dir := filepath.Dir(chosen)
		var names []string
		for _, p := range expandPaths([]string{dir}) {
			names = append(names, filepath.Base(p))
		}
		b.hop(func() { done(dir, names) })
	})
}
