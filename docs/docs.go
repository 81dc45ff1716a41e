// Package docs carries the user documentation inside the binary, so the window's Help menu
// shows the guide that matches the version installed, with no network and no install path.
package docs

import _ "embed"

// UserGuide is docs/user-guide.md.
//
//go:embed user-guide.md
var UserGuide string

// Troubleshooting is docs/troubleshooting.md.
//
//go:embed troubleshooting.md
var Troubleshooting string
