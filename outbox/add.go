package outbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"chorusdesk/core"
	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

// AddOptions tune Add.
type AddOptions struct {
	// Company is the code of the company chosen by the user; it is used only when the seller
	// SIRET of the invoice matches no company (spec §3 routing).
	Company string
	// Force deposits the content again although the outbox already holds it for the same
	// company and environment (the user confirmed).
	Force bool
}

// DuplicateError says that the same content was already queued or deposited for the same
// company and environment; Existing is that item. Add returns it with the existing item.
type DuplicateError struct{ Existing Item }

func (e *DuplicateError) Error() string { return e.Localize(i18n.EN) }

// Localize explains the refusal and how to force it.
func (e *DuplicateError) Localize(lang i18n.Lang) string {
	it := e.Existing
	if it.Flux != "" {
		return i18n.T(lang, "outbox.duplicate_deposited", it.Number, it.CompanyCode, it.Flux)
	}
	return i18n.T(lang, "outbox.duplicate_queued", it.Number, it.CompanyCode, string(it.State))
}

// Add reads an invoice file, detects it, routes it to a company and queues it. The file's
// bytes are kept in the store: later moves or edits of the file do not change what is sent.
//
// A file that is not an invoice is recorded as a failed item (so the inbox and the status
// show it) and the detection error is returned. The same content already in the outbox for
// the same company and environment is refused with *DuplicateError unless opt.Force; a
// duplicate of an item that never reached Chorus Pro (held, failed, waiting for confirmation)
// is re-queued instead of refused when forced, and re-routed when it was held.
func (o *Outbox) Add(path string, opt AddOptions) (Item, error) {
	if o.loadErr != nil {
		return Item{}, o.loadErr
	}
	now := o.now()
	it := Item{ID: newID(now), File: path, Created: now, Changed: now, Forced: opt.Force}
	data, err := readFile(path)
	var inv *invoice.Invoice
	if err == nil {
		inv, err = invoice.Detect(filepath.Base(path), data)
	}
	if err != nil {
		it.State, it.Message = Failed, textOf(err)
		if perr := o.st.insert(&it, nil, false, false); perr != nil {
			return Item{}, perr
		}
		o.added(&it)
		return it, err
	}
	it.SHA, it.Size = invoice.SHA256(data), int64(len(data))
	fill(&it, inv)

	env, err := o.svc.ActiveEnv()
	if err != nil {
		return Item{}, err
	}
	it.Env = env
	if err := o.route(&it, opt.Company); err != nil {
		return Item{}, err
	}
	if it.CompanyID == "" { // unroutable: nothing to deduplicate against
		if err := o.st.insert(&it, data, false, false); err != nil {
			return Item{}, err
		}
		o.added(&it)
		return it, nil
	}
	err = o.st.insert(&it, data, true, opt.Force)
	var dup *errDuplicate
	if errors.As(err, &dup) {
		return o.duplicate(dup.id, opt)
	}
	if err != nil {
		return Item{}, err
	}
	o.added(&it)
	return it, nil
}

// duplicate handles an Add of content the outbox already holds as item id.
func (o *Outbox) duplicate(id string, opt AddOptions) (Item, error) {
	existing, ok := o.Item(id)
	if !ok {
		return Item{}, fmt.Errorf("outbox: the dedupe index names a missing item %s", id)
	}
	switch {
	case existing.State == Held || existing.State == Failed:
		// Nothing reached Chorus Pro: adding the file again is the natural way to retry.
		return o.requeue(id, false, opt.Company)
	case existing.State == NeedsConfirmation:
		if opt.Force {
			return o.requeue(id, true, "")
		}
	case existing.CanResend():
		// Chorus Pro refused it before any buyer saw it: not a duplicate, a new try.
		return o.requeue(id, true, "")
	}
	return existing, &DuplicateError{Existing: existing}
}

// route fills the company of the item (spec §3): the company whose SIRET is the seller's,
// else the company chosen by the user, else the item is held as unroutable. Then §2.3 says
// whether a setup applies; when none does the item is held as not transferred.
func (o *Outbox) route(it *Item, chosen string) error {
	c, found, err := o.svc.CompanyBySIRET(it.SellerSIRET)
	if err != nil {
		return err
	}
	if !found && chosen != "" {
		c, err = o.svc.Company(chosen)
		if errors.Is(err, core.ErrNotFound) {
			return i18n.Errorf("outbox.unknown_company", chosen)
		}
		if err != nil {
			return err
		}
		found = true
	}
	if !found {
		it.CompanyID, it.CompanyCode = "", ""
		hold(it, HoldUnroutable, msg("outbox.unroutable", it.SellerSIRET))
		return nil
	}
	it.CompanyID, it.CompanyCode = c.ID, c.Code
	res, err := o.svc.Resolve(c.ID, it.Env)
	if err != nil {
		return err
	}
	if !res.Transfer {
		hold(it, HoldNotTransferred, textOf(res.ReasonError()))
		return nil
	}
	it.State, it.Hold, it.Message = Queued, "", nil
	if w := res.WarningError(); w != nil {
		it.Message = textOf(w)
	}
	return nil
}

func hold(it *Item, kind HoldKind, why Text) {
	it.State, it.Hold, it.Message = Held, kind, why
}

func fill(it *Item, inv *invoice.Invoice) {
	it.Format, it.SyntaxeFlux = string(inv.Format), inv.SyntaxeFlux
	it.Number, it.IssueDate = inv.Number, inv.IssueDate
	it.SellerSIRET, it.BuyerSIRET = inv.SellerSIRET, inv.BuyerSIRET
	it.ServiceCode, it.Commitment = inv.ServiceCode, inv.Commitment
	it.Total, it.Currency = inv.Total, inv.Currency
}

// readFile reads at most invoice.MaxSize bytes; the size is checked before reading so a huge
// file costs nothing. Its refusals are the invoice package's, so they read the same as
// `inspect`.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		_, derr := invoice.DetectFile(path)
		return nil, firstErr(derr, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > invoice.MaxSize {
		_, derr := invoice.DetectFile(path)
		return nil, firstErr(derr, err, errors.New("not a regular file"))
	}
	return io.ReadAll(io.LimitReader(f, invoice.MaxSize+1))
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// nomFichier is the file name given to Chorus Pro: the original base name, with the extension
// of the format when it has none (Chorus Pro requires one).
func nomFichier(it *Item) string {
	name := filepath.Base(it.File)
	if filepath.Ext(name) != "" {
		return name
	}
	if it.Format == string(invoice.FormatFacturX) {
		return name + ".pdf"
	}
	return name + ".xml"
}
