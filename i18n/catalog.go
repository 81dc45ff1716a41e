package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

// The message files: translation/<area>/<lang>.json, one key per message, in go-i18n's
// format. translation/fyne holds Fyne's own dialog words (see FyneTranslations).
//
//go:embed translation
var translationFS embed.FS

const (
	translationDir = "translation"
	fyneDir        = "translation/fyne"
)

// The catalog: every message of every language, parsed by go-i18n, with the file it came
// from. A go-i18n bundle holds the same messages for its plural rules.
var (
	mu        sync.RWMutex
	bundle    = newBundle()
	messages  = map[Lang]map[string]*goi18n.Message{}
	sources   = map[Lang]map[string]string{} // key → file that defines it
	localizer = map[Lang]*goi18n.Localizer{}
)

// The embedded files are read while the package variables are initialised, before any init
// function, so Register (called from init) finds them in place.
var _ = mustLoadFiles()

// identity keeps a message's text as it is: the printf verbs are filled by render.
var identity = template.IdentityParser{}

func newBundle() *goi18n.Bundle {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	return b
}

// mustLoadFiles reads every embedded message file. A malformed file or a key defined twice
// stops the program at start-up, so any test finds it.
func mustLoadFiles() bool {
	files, err := messageFiles(translationFS, translationDir)
	if err != nil {
		panic("i18n: " + err.Error())
	}
	for _, f := range files {
		if err := parseFile(translationFS, f); err != nil {
			panic("i18n: " + err.Error())
		}
	}
	return true
}

// messageFiles lists the <area>/<lang>.json files under dir (Fyne's folder apart).
func messageFiles(fsys fs.FS, dir string) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && p == fyneDir:
			return fs.SkipDir
		case !d.IsDir() && path.Ext(p) == ".json":
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// langOfFile is the language a message file is written in: its name without ".json".
func langOfFile(p string) (Lang, error) {
	l := Lang(strings.TrimSuffix(path.Base(p), ".json"))
	for _, known := range Langs {
		if l == known {
			return l, nil
		}
	}
	return "", fmt.Errorf("%s: the file name must be a language (%v).json", p, Langs)
}

func parseFile(fsys fs.FS, p string) error {
	lang, err := langOfFile(p)
	if err != nil {
		return err
	}
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return err
	}
	mf, err := goi18n.ParseMessageFileBytes(b, p, map[string]goi18n.UnmarshalFunc{"json": json.Unmarshal})
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return add(lang, p, mf.Messages)
}

// add puts msgs into the catalog of lang; a key defined twice is an error.
func add(lang Lang, src string, msgs []*goi18n.Message) error {
	mu.Lock()
	defer mu.Unlock()
	if messages[lang] == nil {
		messages[lang], sources[lang] = map[string]*goi18n.Message{}, map[string]string{}
	}
	for _, m := range msgs {
		if prev, dup := sources[lang][m.ID]; dup {
			return fmt.Errorf("key %s defined twice (%s and %s)", m.ID, prev, src)
		}
		if m.Other == "" {
			return fmt.Errorf("%s: key %s has no text (or no \"other\" form)", src, m.ID)
		}
	}
	for _, m := range msgs {
		messages[lang][m.ID], sources[lang][m.ID] = m, src
	}
	if err := bundle.AddMessages(language.Make(string(lang)), msgs...); err != nil {
		return err
	}
	if localizer[lang] == nil {
		localizer[lang] = goi18n.NewLocalizer(bundle, string(lang))
	}
	return nil
}

// Register adds messages (printf templates) for one language from Go code. It is how the
// catalogs were written before the message files; every catalog_<area>.go has since moved to
// translation/<area>/, and only tests still plant keys with it (a branch started before the
// move converts its catalog with TestConvertCatalogs). A key registered twice panics at
// start-up.
func Register(lang Lang, msgs map[string]string) {
	src := "?"
	if _, file, _, ok := runtime.Caller(1); ok {
		src = filepath.Base(file)
	}
	list := make([]*goi18n.Message, 0, len(msgs))
	for k, v := range msgs {
		list = append(list, &goi18n.Message{ID: k, Other: v})
	}
	if err := add(lang, src, list); err != nil {
		panic("i18n: " + err.Error())
	}
}

// lookup is the template of key in lang (English when lang lacks it, the key itself when
// no language has it), in the plural form count calls for.
func lookup(lang Lang, key string, count any) string {
	mu.RLock()
	defer mu.RUnlock()
	m, ok := messages[lang][key]
	if !ok {
		lang = EN
		if m, ok = messages[EN][key]; !ok {
			return key
		}
	}
	if count == nil || !hasPlural(m) {
		return m.Other
	}
	s, err := localizer[lang].Localize(&goi18n.LocalizeConfig{
		MessageID: key, PluralCount: count, TemplateParser: identity,
	})
	if err != nil || s == "" {
		return m.Other
	}
	return s
}

func hasPlural(m *goi18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// Keys returns every key defined for lang (used by the completeness tests).
func Keys(lang Lang) []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(messages[lang]))
	for k := range messages[lang] {
		out = append(out, k)
	}
	return out
}

// Forms are the texts of key in lang by plural form ("other" always; "one" and the others
// when the message has them), for the completeness tests and the converter.
func Forms(lang Lang, key string) map[string]string {
	mu.RLock()
	m, ok := messages[lang][key]
	mu.RUnlock()
	if !ok {
		return nil
	}
	return forms(m)
}

func forms(m *goi18n.Message) map[string]string {
	out := map[string]string{}
	for form, s := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if s != "" {
			out[form] = s
		}
	}
	return out
}

// Source is the file that defines key in lang: translation/<area>/<lang>.json, or the
// catalog_<area>.go file that registered it.
func Source(lang Lang, key string) string {
	mu.RLock()
	defer mu.RUnlock()
	return sources[lang][key]
}
