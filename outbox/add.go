package outbox

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

// AddOptions tune Add.
type AddOptions struct {
	// Company is the code of the company chosen by the user; it is used only when the seller
	// SIRET of the invoice matches no company.
	Company string
	// Force deposits the content again although the outbox already holds it for the same
	// company and environment (the user confirmed).
	Force bool
	// File is the path recorded as the item's file when the content is read from elsewhere
	// (the inbox watch reads a file from its claim folder); default: the path read.
	File string

	// detected is the inbox watch's detection of the file (with the SHA-256 of the bytes it
	// read): used when the stored copy is those very bytes, so a file is detected once.
	detected *detection
}

// detection is what detecting a file found, and the SHA-256 and size of the bytes detected.
type detection struct {
	inv  *invoice.Invoice
	sha  string
	size int64
}

// DuplicateError says that the same invoice (same content, or same number for the same
// buyer) is already in the outbox for the same company and environment; Existing is that item.
// Add returns it with the existing item. Its text says what was deposited before, and when; it
// names no command-line flag (each face says how it forces a resend, if it can).
type DuplicateError struct {
	Existing Item
	ByNumber bool // the invoice number matched, with other content
}

func (e *DuplicateError) Error() string { return e.Localize(i18n.EN) }

// Localize explains the refusal.
func (e *DuplicateError) Localize(lang i18n.Lang) string {
	it := e.Existing
	number := orDash(it.Number)
	switch {
	case it.State == NeedsConfirmation:
		return i18n.T(lang, "engine.dup.unconfirmed", number, depositedOn(it))
	case it.Flux != "":
		key := "engine.dup.deposited"
		if e.ByNumber {
			key = "engine.dup.deposited_number"
		}
		return i18n.T(lang, key, number, it.CompanyCode, depositedOn(it), it.Flux)
	}
	key := "engine.dup.queued"
	if e.ByNumber {
		key = "engine.dup.queued_number"
	}
	return i18n.T(lang, key, number, it.CompanyCode, Explain(it).Stage.Text().In(lang))
}

// DepositedBefore is the earlier deposit the refusal is about: its flux ("" when not
// deposited) and when it was deposited.
func (e *DuplicateError) DepositedBefore() (flux, when string) {
	return e.Existing.Flux, depositedOn(e.Existing)
}

// depositedOn is the day of the item's deposit (Chorus Pro's dateDepot, else the attempt).
func depositedOn(it Item) string {
	switch {
	case it.DepositDate != "":
		return it.DepositDate
	case !it.DepositStarted.IsZero():
		return it.DepositStarted.Format(time.DateOnly)
	}
	return "-"
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
	now := o.now()
	it := Item{ID: newID(now), File: path, Created: now, Changed: now, Forced: opt.Force}
	if opt.File != "" {
		it.File = opt.File
	}
	inv, err := o.storeAndDetect(path, &it, opt.detected)
	var refused *notInvoice
	if errors.As(err, &refused) {
		if it.SHA != "" {
			o.st.forgetUnused(it.SHA) // nothing refers to a copy of what is not an invoice
		}
		it.SHA, it.Size = "", 0
		it.State, it.Message = Failed, textOf(refused.err)
		if _, perr := o.st.insert(&it, nil); perr != nil {
			return Item{}, perr
		}
		o.added(&it)
		return it, refused.err
	}
	if err != nil {
		return Item{}, err
	}
	fill(&it, inv)

	env, err := o.svc.ActiveEnv()
	if err != nil {
		o.st.forgetUnused(it.SHA)
		return Item{}, err
	}
	it.Env = env
	if err := o.route(&it, opt.Company); err != nil {
		o.st.forgetUnused(it.SHA)
		return Item{}, err
	}
	var admit admitFunc
	if it.CompanyID != "" { // unroutable: nothing to deduplicate against
		admit = o.admitter(opt.Force)
	}
	var linked string
	err = o.st.refer(it.SHA, func() error {
		var err error
		linked, err = o.st.insert(&it, admit)
		return err
	}, func() (string, error) { return o.storeAgain(path) })
	var dup *errDuplicate
	if errors.As(err, &dup) {
		o.st.forgetUnused(it.SHA) // another copy with this number: nothing refers to this one
		return o.duplicate(dup.id, dup.byNumber, opt)
	}
	if err != nil {
		return Item{}, err
	}
	o.added(&it)
	o.backLink(linked, it.ID)
	return it, nil
}

// notInvoice carries why a file cannot be queued (not an invoice, unreadable): the item is
// recorded as failed with that reason.
type notInvoice struct{ err error }

func (e *notInvoice) Error() string { return e.err.Error() }

// storeAndDetect streams the file at path into the blob store (it.SHA, it.Size), then detects
// the invoice from the stored copy: what is detected is what will be deposited, and the file
// is never held whole in memory. The file is opened by invoice.OpenFile (a named pipe never
// blocks; its size and kind are checked on the open descriptor, so a huge file costs
// nothing). A refusal of the file is *notInvoice; other errors are the store's.
func (o *Outbox) storeAndDetect(path string, it *Item, det *detection) (*invoice.Invoice, error) {
	f, st, err := invoice.OpenFile(path)
	if err != nil {
		return nil, &notInvoice{err}
	}
	defer f.Close()
	name := filepath.Base(path)
	if st.Size() == 0 || st.Size() > invoice.MaxSize {
		_, err := invoice.DetectReader(name, f, st.Size()) // says why, reading nothing
		return nil, &notInvoice{err}
	}
	src := &sourceReader{r: io.LimitReader(f, invoice.MaxSize+1)}
	sha, size, err := o.st.blobs.Put(src)
	if src.err != nil {
		return nil, &notInvoice{i18n.Errorf(invoice.KeyReadFailed, domain.CleanText(src.err.Error()))}
	}
	if err != nil {
		return nil, err
	}
	it.SHA, it.Size = sha, size
	if det != nil && det.sha == sha && det.size == size {
		return det.inv, nil // the watch detected these very bytes
	}
	at, err := o.st.blobs.OpenAt(sha)
	if err != nil {
		return nil, err
	}
	defer at.Close()
	inv, err := invoice.DetectReader(name, at, size)
	if err != nil {
		return nil, &notInvoice{err}
	}
	return inv, nil
}

// storeAgain stores the file at path once more (its copy was cleaned up between the add and
// the write that refers to it) and returns the SHA-256 of what it stored.
func (o *Outbox) storeAgain(path string) (string, error) {
	f, _, err := invoice.OpenFile(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sha, _, err := o.st.blobs.Put(io.LimitReader(f, invoice.MaxSize+1))
	return sha, err
}

// sourceReader keeps the error of reading the source file apart from the store's.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// admitter applies admits to the engine's current copy of an item an index names (the copy
// on disk may lag: deposit answers are written lazily).
func (o *Outbox) admitter(force bool) admitFunc {
	return func(id string, bySHA bool) admission {
		x, ok := o.Item(id)
		if !ok {
			return admitIgnore // the index outlived its item: nothing to protect
		}
		return admits(&x, bySHA, force)
	}
}

// checkIndexes applies the double-deposit rule to it outside a transaction (user actions on
// one item: a re-route, a resend), skipping the item self. It returns the item it replaces.
func (o *Outbox) checkIndexes(it *Item, force bool, self string) (linked string, err error) {
	bySHA, byNumber, err := o.st.indexed(it)
	if err != nil {
		return "", err
	}
	admit := o.admitter(force)
	for _, other := range []struct {
		id       string
		byNumber bool
	}{{bySHA, false}, {byNumber, true}} {
		if other.id == "" || other.id == it.ID || other.id == self || other.id == linked {
			continue
		}
		switch admit(other.id, !other.byNumber) {
		case admitRefuse:
			x, _ := o.Item(other.id)
			return "", &DuplicateError{Existing: x, ByNumber: other.byNumber}
		case admitLink:
			linked = other.id
		}
	}
	return linked, nil
}

// backLink records on an item that newID replaced it. Only an idle item is written (a worker
// holding it would write its own copy over); the link from the new item (Replaces) and the
// indexes, which already point at the new item, are what prevent a double deposit.
func (o *Outbox) backLink(id, newID string) {
	if id == "" {
		return
	}
	x, err := o.take(id)
	if err != nil {
		return
	}
	defer o.release(id)
	x.ReplacedBy = newID
	_ = o.save(&x)
}

// admits is the rule against double deposits: one invoice number is one invoice for one
// company, environment and buyer, whatever the bytes. A new item may take the place of an
// earlier one (linked to it) when the earlier one never reached Chorus Pro, was refused by
// Chorus Pro before any buyer saw it, or was sent back by the buyer to be corrected; or when
// the user forces a resend. An item whose deposit is unconfirmed (or in flight) is never
// bypassed, not even forced: only a fresh look-up in Chorus Pro may decide (duplicate).
func admits(x *Item, bySHA, force bool) admission {
	switch {
	case x.ReplacedBy != "":
		return admitIgnore // its replacement is the one that counts
	case x.State == NeedsConfirmation || x.State == Depositing:
		return admitRefuse
	case bySHA && (neverDeposited(*x) || x.CanResend()):
		return admitRefuse // the same file again: duplicate() retries or resends x itself
	case !bySHA && replaceable(*x):
		return admitLink
	case force:
		return admitLink
	}
	return admitRefuse
}

// neverDeposited reports whether nothing of the item reached Chorus Pro.
func neverDeposited(it Item) bool {
	return it.State == Held || (it.State == Failed && it.Flux == "")
}

// replaceable reports whether another file with the same number may take the item's place:
// it never reached Chorus Pro, Chorus Pro refused it before any buyer saw it, or the buyer sent
// it back to be corrected and sent again with the same number.
func replaceable(it Item) bool {
	if neverDeposited(it) {
		return true
	}
	switch stageOf(it) {
	case StageRefused, StageRecycle:
		return true
	}
	return false
}

// duplicate handles an Add of an invoice the outbox already holds as item id.
func (o *Outbox) duplicate(id string, byNumber bool, opt AddOptions) (Item, error) {
	existing, ok := o.Item(id)
	if !ok {
		return Item{}, fmt.Errorf("outbox: the dedupe index names a missing item %s", id)
	}
	switch {
	case neverDeposited(existing) && !byNumber:
		// Nothing reached Chorus Pro: adding the file again is the natural way to retry.
		return o.requeue(id, false, opt.Company)
	case existing.State == NeedsConfirmation && opt.Force:
		// A forced resend of an unconfirmed deposit: the engine looks it up once more first.
		return o.requeue(id, true, "")
	case existing.CanResend() && existing.State == Final && !byNumber:
		// Chorus Pro refused it before any buyer saw it: not a duplicate, a new try.
		return o.requeue(id, true, "")
	}
	return existing, &DuplicateError{Existing: existing, ByNumber: byNumber}
}

// route fills the company of the item: the company whose SIRET is the seller's,
// else the company chosen by the user, else the item is held as unroutable. Then the resolution rule says
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
	it.SetupFrom = res.SetupFrom
	if it.Tag, err = o.tagOf(c, res); err != nil {
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

// tagOf is the ID tag of the setup that applies (the company's own, or the `*****` one).
func (o *Outbox) tagOf(c domain.Company, res domain.Resolution) (string, error) {
	id := c.ID
	if res.Source == domain.SourceDefault {
		def, err := o.svc.Company(domain.DefaultCode)
		if err != nil {
			return "", err
		}
		id = def.ID
	}
	st, err := o.svc.SetupStatus(id)
	return st.Tag, err
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
