package outbox

import "chorusdesk/storage"

// Group commit. Every state is synced to disk before the network step that follows it, and
// the store commits one synced transaction at a time: with sixteen deposits in flight, each
// worker would wait for the fifteen commits queued before its own. Instead, the puts that
// arrive while a transaction is being committed are written together by the next one: one
// synced commit for all of them, each caller still returning only once its write is on disk.

type putRequest struct {
	it   Item
	done chan error
}

// groupPut writes it in the next group transaction and waits for it.
func (s *store) groupPut(it *Item) error {
	r := &putRequest{it: *it, done: make(chan error, 1)}
	s.groupMu.Lock()
	s.groupQ = append(s.groupQ, r)
	lead := !s.groupBusy
	s.groupBusy = true
	s.groupMu.Unlock()
	if lead {
		s.commitGroup()
	}
	return <-r.done
}

// commitGroup commits the queued puts in one transaction, then hands the next group to a new
// goroutine if puts arrived meanwhile (the caller that led this one returns at once).
func (s *store) commitGroup() {
	s.groupMu.Lock()
	batch := s.groupQ
	s.groupQ = nil
	s.groupMu.Unlock()
	err := s.kv.Update(func(tx storage.Tx) error {
		for _, r := range batch {
			if err := writeItem(tx, &r.it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		// One write spoilt the group (all or nothing): each one on its own, so only its own
		// caller sees its error.
		for _, r := range batch {
			r.done <- s.kv.Update(func(tx storage.Tx) error { return writeItem(tx, &r.it) })
		}
	} else {
		for _, r := range batch {
			r.done <- err
		}
	}
	s.groupMu.Lock()
	more := len(s.groupQ) > 0
	if !more {
		s.groupBusy = false
	}
	s.groupMu.Unlock()
	if more {
		go s.commitGroup()
	}
}
