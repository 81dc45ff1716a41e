package core

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// goTool finds the go command, or skips.
func goTool(t *testing.T) string {
	t.Helper()
	tool, err := exec.LookPath("go") // go test puts its own toolchain first on PATH
	if err != nil {
		t.Skip("go tool not available")
	}
	return tool
}

// badgerPending lists packages outside storage that still import Badger while they move to
// storage.KV. Each entry must go when its package is ported; the test fails once it no longer
// imports Badger, so a stale entry cannot stay behind.
var badgerPending = map[string]bool{}

// Badger (and its ristretto helpers) is imported only under storage/, by code and tests
// alike; domain imports no storage, no HTTP and no Fyne, even indirectly.
func TestImportBoundaries(t *testing.T) {
	tool := goTool(t)
	out, err := exec.Command(tool, "list", "-e", "-f",
		"{{.ImportPath}}|{{join .Imports \",\"}}|{{join .TestImports \",\"}}|{{join .XTestImports \",\"}}",
		"chorusdesk/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	sawStorage := false
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.Split(line, "|")
		pkg := parts[0]
		if pkg == "chorusdesk/storage" || strings.HasPrefix(pkg, "chorusdesk/storage/") {
			sawStorage = sawStorage || slices.ContainsFunc(strings.Split(parts[1], ","), isBadger)
			continue
		}
		var direct []string
		for i, imps := range parts[1:] {
			for _, imp := range strings.Split(imps, ",") {
				if isBadger(imp) {
					direct = append(direct, imp+[]string{"", " (test)", " (external test)"}[i])
				}
			}
		}
		switch {
		case badgerPending[pkg] && len(direct) == 0:
			t.Errorf("%s no longer imports Badger: remove it from badgerPending", pkg)
		case !badgerPending[pkg] && len(direct) > 0:
			t.Errorf("%s imports %v: only storage/ may use Badger (use storage.KV)", pkg, direct)
		}
	}
	if !sawStorage {
		t.Fatal("storage does not import Badger in go list's answer: the graph was not read")
	}

	deps, err := exec.Command(tool, "list", "-e", "-deps", "-f", "{{.ImportPath}}", "chorusdesk/domain").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, d := range strings.Fields(string(deps)) {
		if d == "net/http" || d == "chorusdesk/storage" || strings.HasPrefix(d, "fyne.io/") || isBadger(d) {
			t.Errorf("domain depends on %s", d)
		}
	}
}

func isBadger(imp string) bool { return strings.HasPrefix(imp, "github.com/dgraph-io/") }
