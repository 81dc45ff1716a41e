// Package plainwords says which words of the code and of the standards a user should never
// have to read, for the tests of the messages (i18n) and of the command line's help (cli).
package plainwords

import "regexp"

// DeveloperWords matches EN 16931 business-term codes (BT-10), a hash's name (SHA-256), a
// section of a specification (§), Go's form of a duration (10m0s, 1h0m0s) and the engine's
// "kept copy".
var DeveloperWords = regexp.MustCompile(`\bBT-\d+|(?i)\bsha-?\d+\b|§|\b\d+h\d+m\d+s\b|\b\d+m\d+s\b|(?i)kept copy`)
