// Package demo prepares the demo mode of Chorus Desk (`chorusdesk --demo`):
// a throwaway data directory, the local emulator started in-process, a vault unlocked with a
// random master password nobody sees, a few companies set up against the emulator's seed
// accounts and an inbox of sample invoices. Nothing it does can reach Chorus Pro: the only
// endpoints it writes point at the emulator on the loopback interface. It imports no Fyne.
package demo

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"path"
	"path/filepath"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/internal/fixtures"
)

// demoSamples are the sample invoices the demo drops in its inbox, taken from the
// repository's one copy (embedded there, so the demo works from the binary alone). Their
// sellers are the emulator's seed suppliers 1 and 2.
var demoSamples = []string{"FA-2026-0001_UBL.xml", "FA-2026-0003_Factur-X-EN16931.pdf", "FA-2026-0011_UBL.xml"}

// Company is one company the demo creates. Account is the emulator seed account (1-3) its
// sandbox slot is set up with; 0 leaves it without a setup.
type Company struct {
	Code, Name, SIRET string
	Account           int
}

// Companies are the demo companies: two set up with their own seed account, one without a
// setup (it falls back to `*****`, which the demo leaves disabled, so the resolution rule
// refuses its transfers until the user enables the default setup).
var Companies = []Company{
	{Code: "ACME", Name: "ACME Fournitures", SIRET: emulator.SupplierSIRET1, Account: 1},
	{Code: "BETA", Name: "Beta Services", SIRET: emulator.SupplierSIRET2, Account: 2},
	{Code: "GAMMA", Name: "Gamma Conseil", SIRET: emulator.SupplierSIRET3},
}

// DefaultAccount is the seed account the disabled `*****` setup holds.
const DefaultAccount = 3

// Options tune Start; the zero value is what `chorusdesk --demo` uses.
type Options struct {
	// KDF of the throwaway vault; nil = the production parameters (tests pass cheap ones).
	KDF *core.KDFParams
	// ProcessingTime of the emulator's flux states; 0 = 3 s, short enough to watch.
	ProcessingTime time.Duration
}

const defaultProcessingTime = 3 * time.Second

// Demo is a running demo. Close it to stop the emulator and remove every file it wrote.
type Demo struct {
	Root     string             // the throwaway directory holding Data and Inbox
	Data     string             // the data directory of the vault
	Inbox    string             // sample invoices to try a transfer with
	Emulator *emulator.Emulator // sandbox environment, on 127.0.0.1
	Service  *core.Service      // open and unlocked

	password []byte // random, never shown nor written; Unlock uses it after a lock
}

// Start prepares a fresh demo. On error nothing is left behind.
func Start(opt Options) (d *Demo, err error) {
	root, err := os.MkdirTemp("", "chorusdesk-demo-")
	if err != nil {
		return nil, i18n.Errorf("demo.tempdir", err.Error())
	}
	d = &Demo{Root: root, Data: filepath.Join(root, "data"), Inbox: filepath.Join(root, "inbox")}
	defer func() {
		if err != nil {
			d.Close()
			d = nil
		}
	}()
	pt := opt.ProcessingTime
	if pt <= 0 {
		pt = defaultProcessingTime
	}
	if d.Emulator, err = emulator.Start("127.0.0.1:0", emulator.Options{Env: domain.Sandbox, ProcessingTime: pt}); err != nil {
		return d, i18n.Errorf("demo.emulator", err.Error())
	}
	if d.Service, err = core.Open(d.Data, core.Options{KDF: opt.KDF}); err != nil {
		return d, err
	}
	if d.password, err = randomPassword(); err != nil {
		return d, err
	}
	if err = d.Service.Init(append([]byte(nil), d.password...)); err != nil {
		return d, err
	}
	if err = d.fill(); err != nil {
		return d, err
	}
	return d, d.copySamples()
}

// randomPassword is 32 random bytes, base64: far stronger than any typed password, and the
// demo never needs a human to know it.
func randomPassword() ([]byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	out := make([]byte, base64.RawStdEncoding.EncodedLen(len(raw)))
	base64.RawStdEncoding.Encode(out, raw)
	clear(raw)
	return out, nil
}

// fill points the sandbox at the emulator and creates the demo companies and setups.
func (d *Demo) fill() error {
	s := d.Service
	ep := domain.Endpoints{OAuthURL: d.Emulator.OAuthURL(), APIURL: d.Emulator.APIURL()}
	if err := s.SetEndpoints(domain.Sandbox, ep); err != nil {
		return err
	}
	if _, err := s.SetActiveEnv(domain.Sandbox, false); err != nil {
		return err
	}
	// The demo is left open on a desk while someone reads: auto-lock as late as allowed.
	if err := s.SetAutoLockAfter(core.MaxAutoLock); err != nil {
		return err
	}
	for _, c := range Companies {
		co, err := s.AddCompany(c.Code, c.Name, c.SIRET)
		if err != nil {
			return err
		}
		if c.Account == 0 {
			continue
		}
		if _, err := s.SaveSetup(co.ID, Setup(c.Account, true)); err != nil {
			return err
		}
	}
	def, err := s.Company(domain.DefaultCode)
	if err != nil {
		return err
	}
	_, err = s.SaveSetup(def.ID, Setup(DefaultAccount, false))
	return err
}

// Setup is a sandbox setup using the emulator's PISTE application and seed account n (1-3).
func Setup(n int, enabled bool) domain.Setup {
	return domain.Setup{Enabled: enabled, Sandbox: domain.Slot{
		ClientID:     emulator.SandboxClientID,
		ClientSecret: emulator.SandboxSecret,
		Login:        "TECH_1_demo" + string(rune('0'+n)) + "@cpro.fr",
		Password:     "demo-password-" + string(rune('0'+n)),
	}}
}

// copySamples writes the embedded sample invoices into the inbox.
func (d *Demo) copySamples() error {
	if err := os.MkdirAll(d.Inbox, 0o700); err != nil {
		return i18n.Errorf("demo.inbox", err.Error())
	}
	for _, name := range demoSamples {
		b, err := fixtures.Invoices.ReadFile(path.Join("invoices", name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d.Inbox, name), b, 0o600); err != nil {
			return i18n.Errorf("demo.inbox", err.Error())
		}
	}
	return nil
}

// Unlock unlocks the vault again after the user (or the idle timer) locked it.
func (d *Demo) Unlock() error {
	if d.Service == nil || d.password == nil {
		return core.ErrLocked
	}
	return d.Service.Unlock(append([]byte(nil), d.password...))
}

// Close locks and closes the vault, stops the emulator and removes the throwaway directory.
// It is safe to call more than once.
func (d *Demo) Close() error {
	var errs []error
	if d.Service != nil {
		// Close locks, and stops what the service runs (the transfer engine) before the
		// store closes.
		errs = append(errs, d.Service.Close())
		d.Service = nil
	}
	clear(d.password)
	d.password = nil
	if d.Emulator != nil {
		errs = append(errs, d.Emulator.Close())
		d.Emulator = nil
	}
	if d.Root != "" {
		errs = append(errs, os.RemoveAll(d.Root))
		d.Root = ""
	}
	return errors.Join(errs...)
}
