package storage

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// badgerLogger keeps Badger quiet: it never writes to stdout (the CLI's --json output lives
// there), drops Info/Debug chatter, and sends warnings and errors to stderr. Badger's
// messages hold file names and offsets, never values, and nothing from the vault is ever
// handed to it, so this logger never sees a secret.
type badgerLogger struct{}

var (
	logMu  sync.Mutex
	logOut io.Writer = os.Stderr
)

// SetLogOutput redirects Badger's warnings and errors (default: stderr; io.Discard silences
// them). Safe to call at any time.
func SetLogOutput(w io.Writer) {
	logMu.Lock()
	defer logMu.Unlock()
	if w == nil {
		w = io.Discard
	}
	logOut = w
}

func (badgerLogger) write(level, format string, args ...any) {
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	logMu.Lock()
	defer logMu.Unlock()
	fmt.Fprintf(logOut, "storage: badger %s: %s\n", level, msg)
}

func (l badgerLogger) Errorf(format string, args ...any)   { l.write("error", format, args...) }
func (l badgerLogger) Warningf(format string, args ...any) { l.write("warning", format, args...) }
func (badgerLogger) Infof(string, ...any)                  {}
func (badgerLogger) Debugf(string, ...any)                 {}
