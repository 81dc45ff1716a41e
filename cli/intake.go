package cli

import (
	"fmt"
	"os"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// gatherFiles applies the intake rule (outbox.ExpandPaths: files, and the .xml and .pdf
// files of folders) to the command's arguments. It prints on stderr each path it passes
// over with the reason; refused is true when one of the arguments itself could not be taken
// (a file that does not exist), which fails the command, or when nothing is left to take.
// "The folders hold no invoice" is said only when folders were given: a missing file named
// alone has its own line already.
func gatherFiles(e *Env, args []string) (files []string, refused bool) {
	files, skipped := outbox.ExpandPaths(args)
	named := map[string]bool{}
	folders := false
	for _, a := range args {
		named[a] = true
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			folders = true
		}
	}
	for _, s := range skipped {
		fmt.Fprintln(e.Err, i18n.T(e.Lang, "intake.cli.skipped", domain.CleanText(s.Path), i18n.Message(e.Lang, s.Err)))
		if named[s.Path] {
			refused = true
		}
	}
	if len(files) == 0 {
		if folders {
			fmt.Fprintln(e.Err, i18n.T(e.Lang, "intake.nothing"))
		}
		refused = true
	}
	return files, refused
}

// expandFolders replaces each folder among args by its invoice files (the intake rule),
// printing what it passes over; files are kept as given, so each gets its own verdict.
func expandFolders(e *Env, args []string) []string {
	var out []string
	for _, a := range args {
		if st, err := os.Stat(a); err != nil || !st.IsDir() {
			out = append(out, a)
			continue
		}
		files, skipped := outbox.ExpandPaths([]string{a})
		for _, s := range skipped {
			fmt.Fprintln(e.Err, i18n.T(e.Lang, "intake.cli.skipped", domain.CleanText(s.Path), i18n.Message(e.Lang, s.Err)))
		}
		out = append(out, files...)
	}
	return out
}
