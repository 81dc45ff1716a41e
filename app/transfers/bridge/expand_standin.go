package bridge

import (
	"os"
	"path/filepath"
	"strings"
)

// expandPaths is the window's one intake rule until the core's lands (contract C7,
// outbox.ExpandPaths, which the command line's `send` and `watch` will call too): a file
// stands for itself; a folder for the invoice files (.xml, .pdf) directly in it, hidden ones
// left out. Sub-folders are not walked: an inbox's processed/ must not be sent again.
//
// STAND-IN (engineer "app"): the window's two former filters (a dropped folder's files, the
// siblings offered after the file dialog) in one place; replace the two calls with
// outbox.ExpandPaths and delete this file when it lands.
func expandPaths(paths []string) []string {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, p) // Add reports why it cannot be read
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			out = append(out, p)
			continue
		}
		for _, e := range ents {
			ext := strings.ToLower(filepath.Ext(e.Name()))
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") && (ext == ".xml" || ext == ".pdf") {
				out = append(out, filepath.Join(p, e.Name()))
			}
		}
	}
	return out
}
