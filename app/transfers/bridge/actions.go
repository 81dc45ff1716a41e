package bridge

import "chorusdesk/outbox"

// The user's actions on one item. Each checks the engine's own rule first (the outbox.Item
// predicates, which the buttons use too), runs the engine call off Fyne's goroutine and hands
// its error (nil on success) to done on Fyne's goroutine.

// Retry re-queues a held or failed item; an unroutable item goes to company when one is
// chosen ("" = route it again by its seller SIRET).
func (b *Bridge) Retry(id, company string, done func(error)) {
	it, ok := b.model.Item(id)
	if !ok || !it.CanRetry() {
		return
	}
	if it.Hold != outbox.HoldUnroutable {
		company = ""
	}
	b.act(done, func(eng Engine) error {
		var err error
		if company != "" {
			_, err = eng.Reroute(id, company)
		} else {
			_, err = eng.Retry(id)
		}
		return err
	})
}

// ConfirmResend is Send again: an item whose deposit is unsure is deposited again once the
// engine has looked for it once more; an item Chorus Pro refused is sent again as a new item
// linked to it (the view asks first either way). done gets the item the engine answered
// with — the new copy when it made one — on Fyne's goroutine.
func (b *Bridge) ConfirmResend(id string, done func(outbox.Item, error)) {
	if it, ok := b.model.Item(id); !ok || !it.CanResend() {
		return
	}
	var got outbox.Item
	b.act(func(err error) {
		if done != nil {
			done(got, err)
		}
	}, func(eng Engine) (err error) {
		got, err = eng.ConfirmResend(id)
		return err
	})
}

// MarkDeposited records that the user found the invoice in Chorus Pro under flux.
func (b *Bridge) MarkDeposited(id, flux string, done func(error)) {
	if it, ok := b.model.Item(id); !ok || !it.CanMarkDeposited() || flux == "" {
		return
	}
	b.act(done, func(eng Engine) error { _, err := eng.MarkDeposited(id, flux); return err })
}

// Remove forgets an item that is not in flight.
func (b *Bridge) Remove(id string, done func(error)) {
	if it, ok := b.model.Item(id); !ok || !it.CanRemove() {
		return
	}
	b.act(done, func(eng Engine) error { return eng.Remove(id) })
}

// act runs an engine call off Fyne's goroutine and hands its error back.
func (b *Bridge) act(done func(error), call func(Engine) error) {
	eng := b.engine
	if eng == nil {
		return
	}
	b.cfg.RunAsync(func() {
		err := call(eng)
		b.hop(func() {
			if done != nil {
				done(err)
			}
		})
	})
}
