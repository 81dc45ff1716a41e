package core

import (
	"bytes"

	"chorusdesk/domain"
)

// credsEqual reports whether opened credentials hold exactly the text of slot.
func credsEqual(c domain.Credentials, slot domain.Slot) bool {
	for _, f := range domain.Fields {
		if !bytes.Equal(c.Get(f), []byte(slot.Get(f))) {
			return false
		}
	}
	return true
}
