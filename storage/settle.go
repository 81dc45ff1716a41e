package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// Settle brings the database of the data directory dir to the state long use leaves it in:
// every level compacted (Badger's Flatten) and the value log rewritten until nothing is left
// to reclaim. It is for tools that build a data directory in bulk — the start-up benchmark's
// year of invoices — so that each run does not meet the compactions a bulk write leaves
// pending, which a desk meets once, not at every start.
func Settle(dir string) error {
	s, err := Open(dir)
	if err != nil {
		return err
	}
	err = s.db.Flatten(2)
	for i := 0; err == nil && i < 64; i++ {
		if gcErr := s.db.RunValueLogGC(0.1); gcErr != nil {
			if !errors.Is(gcErr, badger.ErrNoRewrite) {
				err = gcErr
			}
			break
		}
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}
