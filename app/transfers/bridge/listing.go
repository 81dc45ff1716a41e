package bridge

import (
	"context"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// Lister is the engine's listing of a company's invoices on Chorus Pro, each marked with who
// deposited it (*outbox.Outbox has it). An engine without it lists nothing.
type Lister interface {
	Listing(ctx context.Context, companyID string, opt outbox.ListingOptions) ([]outbox.ListingEntry, error)
}

// Listing asks the engine for the company's invoices on Chorus Pro, off Fyne's goroutine (it
// reads every page of the supplier's search: seconds, sometimes more), and hands the answer to
// done on Fyne's goroutine through the bridge's one hop. cancel stops the question (done is
// then not called); the bridge's Stop ends it too.
func (b *Bridge) Listing(companyID string, opt outbox.ListingOptions, done func([]outbox.ListingEntry, error)) (cancel func()) {
	l, ok := b.engine.(Lister)
	if !ok {
		done(nil, i18n.Errorf("transfersui.listing.not_ready"))
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-b.stopC:
			cancel()
		case <-ctx.Done():
		}
	}()
	b.cfg.RunAsync(func() {
		list, err := l.Listing(ctx, companyID, opt)
		b.hop(func() {
			if ctx.Err() == nil {
				cancel()
				done(list, err)
			}
		})
	})
	return cancel
}
