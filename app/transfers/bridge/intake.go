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

// AddReport is the outcome of one intake: each file's answer, and what the intake rule
// passed over (outbox.ExpandPaths: a missing file, a special file, a link leaving a folder).
type AddReport struct {
	Results []AddResult
	Skipped []outbox.Skipped
}

// Add takes files and folders into the outbox by the core's one intake rule
// (outbox.ExpandPaths: a folder brings its .xml and .pdf files), off Fyne's goroutine:
// reading, detecting and the synced write of each file happen there. company is the company
// code chosen for invoices whose seller SIRET matches none ("" = none). The rows appear
// through the engine's events; done gets the report on Fyne's goroutine (the view shows it
// and offers the forced resend of duplicates). Nothing happens before the engine is loaded.
func (b *Bridge) Add(paths []string, company string, force bool, done func(AddReport)) {
	eng := b.engine
	if eng == nil {
		return
	}
	b.model.BeginIntake()
	b.cfg.RunAsync(func() {
		files, skipped := outbox.ExpandPaths(paths)
		rep := AddReport{Skipped: skipped}
		for _, p := range files {
			it, err := eng.Add(p, outbox.AddOptions{Company: company, Force: force})
			rep.Results = append(rep.Results, AddResult{p, it, err})
		}
		b.hop(func() {
			if b.model.EndIntake() {
				b.notifyBatchEnd()
			}
			b.changed()
			if done != nil {
				done(rep)
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
		files, _ := outbox.ExpandPaths([]string{dir})
		var names []string
		for _, p := range files {
			names = append(names, filepath.Base(p))
		}
		b.hop(func() { done(dir, names) })
	})
}
