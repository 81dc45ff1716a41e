package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// keptUnused are keys no code of this module uses today, kept on purpose, with why. A key an
// outbox item may hold as its message (outbox.Text kept as key and arguments, since the
// layout that reads a year page by page) stays, with "stored in items written by earlier
// versions": such an item renders the key itself when the key is gone. An audit entry needs
// none: it keeps the English text written at the time and shows that for a key removed since
// (core.AuditEntry.Text). Empty today: every key removed so far stopped being used before
// outbox items kept messages as keys (they kept the rendered sentences), or only windows and
// the command line showed it.
var keptUnused = map[string]string{}

// TestEveryKeyIsUsed: a message no code shows any more is dead text a translator would still
// translate. A key counts as used when the code of the module (tests apart) holds it as a
// string literal, holds a printf pattern it matches ("gui.card.%s"), or builds it by joining
// literals ("api." + kind, "setupui.test.passed" + "_today", "audit.field." + string(f)). The
// check errs on the side of "used": a key it misses is one whose every piece is nowhere in the
// code.
func TestEveryKeyIsUsed(t *testing.T) {
	lits, patterns := codeLiterals(t, "..")
	for _, k := range Keys(EN) {
		if strings.HasPrefix(k, "test.") || keptUnused[k] != "" || lits[k] || built(k, lits) {
			continue
		}
		matched := false
		for _, p := range patterns {
			if p.MatchString(k) {
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("%s (%s): no code uses it; remove it from both languages (or say why it stays in keptUnused)", k, Source(EN, k))
		}
	}
}

// built reports whether key is a concatenation of code literals: the first piece is a key's
// head (a dot in it, 4 characters or more), the others at least 2 characters, or "." or "_".
func built(key string, lits map[string]bool) bool {
	ok := make([]bool, len(key)+1)
	for j := 4; j <= len(key); j++ {
		if p := key[:j]; strings.Contains(p, ".") && lits[p] {
			ok[j] = true
		}
	}
	for i := 4; i < len(key); i++ {
		if !ok[i] {
			continue
		}
		for j := i + 1; j <= len(key); j++ {
			if p := key[i:j]; (len(p) >= 2 || p == "." || p == "_") && lits[p] {
				ok[j] = true
			}
		}
	}
	return ok[len(key)]
}

// codeLiterals reads every string literal of the module's Go code under root, tests and the
// remaining Go catalogs apart (they define keys), each also in lower case (keys built from
// upper-case codes); the literals that look like printf patterns of keys become regexps.
func codeLiterals(t *testing.T, root string) (map[string]bool, []*regexp.Regexp) {
	t.Helper()
	lits := map[string]bool{}
	var patterns []*regexp.Regexp
	keyish := regexp.MustCompile(`^[a-z][a-z0-9_]*\.[a-z0-9_.%]*$`)
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin" || name == "build" || name == "zxcvbn") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			filepath.Base(filepath.Dir(p)) == "i18n" && strings.HasPrefix(name, "catalog_") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			bl, ok := n.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(bl.Value)
			if err != nil {
				return true
			}
			lits[s], lits[strings.ToLower(s)] = true, true
			if strings.Contains(s, "%") && keyish.MatchString(s) {
				rx := regexp.QuoteMeta(s)
				rx = strings.NewReplacer("%s", "[a-z0-9_.]+", "%d", "[0-9]+", "%v", "[a-z0-9_.]+").Replace(rx)
				if re, err := regexp.Compile("^" + rx + "$"); err == nil {
					patterns = append(patterns, re)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lits) < 1000 {
		t.Fatalf("only %d literals read: the scan is broken", len(lits))
	}
	return lits, patterns
}
