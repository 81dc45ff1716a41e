package storage

import (
	"fmt"
	"os"
	"strings"
	"sync"
)

// badgerLogger keeps Badger quiet: it never writes to stdout (the CLI's --json output lives
// there), drops Info/Debug chatter, and sends warnings and errors to stderr. Badger's
// messages hold file names and offsets, never values, and nothing from the vault is ever
// handed to it, so this logger never sees a secret.
type badgerLogger struct{}

// logMu keeps the lines of concurrent Badger goroutines whole.
var logMu sync.Mutex

func (badgerLogger) write(level, format string, args ...any) {
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	logMu.Lock()
	defer logMu.Unlock()
	fmt.Fprintf(os.Stderr, "storage: badger %s: %s\n", level, msg)
}

func (l badgerLogger) Errorf(format string, args ...any)   { l.write("error", format, args...) }
func (l badgerLogger) Warningf(format string, args ...any) { l.write("warning", format, args...) }
func (badgerLogger) Infof(string, ...any)                  {}
func (badgerLogger) Debugf(string, ...any)                 {}
