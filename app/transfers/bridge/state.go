package bridge

import "chorusdesk/outbox"

// keyAdded is the history's first state: the file was taken in.
const keyAdded = "gui.transfers.state.added"

// StateKey is the catalog key naming where the item stands, finer than the engine state where
// the user cares (why it is held, how it ended). The history records it; the view shows it.
func StateKey(it outbox.Item) string {
	switch it.State {
	case outbox.Held:
		if it.Hold != "" {
			return "gui.transfers.state.held_" + string(it.Hold)
		}
	case outbox.Final:
		switch {
		case it.Rejected():
			return "gui.transfers.state.rejected"
		case it.InvoiceStatus == outbox.StatusMiseEnPaiement:
			return "gui.transfers.state.paid"
		}
	}
	return "gui.transfers.state." + string(it.State)
}
