package demo

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/outbox"
)

// cheapKDF keeps the tests fast; the demo binary uses the production parameters.
var cheapKDF = &core.KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}

func startDemo(t *testing.T) *Demo {
	t.Helper()
	d, err := Start(Options{KDF: cheapKDF, ProcessingTime: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestStartFillsAnUnlockedVaultPointingAtTheEmulator(t *testing.T) {
	d := startDemo(t)
	s := d.Service
	if !s.Unlocked() {
		t.Fatal("the demo vault is locked")
	}
	ep, err := s.Endpoints(domain.Sandbox)
	if err != nil {
		t.Fatal(err)
	}
	if ep.OAuthURL != d.Emulator.OAuthURL() || ep.APIURL != d.Emulator.APIURL() {
		t.Errorf("sandbox endpoints %+v, want the emulator's", ep)
	}
	// Production must stay on its default (nothing the demo does may point anywhere else, and
	// the active environment is the sandbox).
	if prod, _ := s.Endpoints(domain.Production); prod != domain.DefaultEndpoints(domain.Production) {
		t.Errorf("production endpoints changed: %+v", prod)
	}
	if env, _ := s.ActiveEnv(); env != domain.Sandbox {
		t.Errorf("active env %s, want sandbox", env)
	}
	cos, err := s.Companies()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range cos {
		codes = append(codes, c.Code)
	}
	want := []string{domain.DefaultCode, "ACME", "BETA", "GAMMA"}
	sort.Strings(want[1:])
	if len(codes) != len(want) {
		t.Fatalf("companies %v, want %v", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("companies %v, want %v", codes, want)
		}
	}
}

// The resolution rule is visible in the demo: ACME and BETA use their own setup,
// GAMMA has none and the `*****` fallback is disabled, so GAMMA's invoices are not transferred.
func TestResolutionShowsSpecificAndRefusedFallback(t *testing.T) {
	d := startDemo(t)
	tests := []struct {
		code     string
		source   domain.Source
		transfer bool
	}{
		{"ACME", domain.SourceSpecific, true},
		{"BETA", domain.SourceSpecific, true},
		{"GAMMA", domain.SourceNone, false},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			co, err := d.Service.Company(tc.code)
			if err != nil {
				t.Fatal(err)
			}
			r, err := d.Service.Resolve(co.ID, domain.Sandbox)
			if err != nil {
				t.Fatal(err)
			}
			if r.Source != tc.source || r.Transfer != tc.transfer {
				t.Errorf("resolution %+v, want source %s transfer %v", r, tc.source, tc.transfer)
			}
		})
	}
	def, err := d.Service.Company(domain.DefaultCode)
	if err != nil {
		t.Fatal(err)
	}
	st, err := d.Service.Setup(def.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Enabled || st.Sandbox.IsEmpty() {
		t.Errorf("***** setup enabled=%v empty=%v, want disabled with credentials", st.Enabled, st.Sandbox.IsEmpty())
	}
}

// The connection Test passes for every set-up company, against the in-process emulator.
func TestConnectionTestPassesForSetUpCompanies(t *testing.T) {
	d := startDemo(t)
	for _, c := range Companies {
		if c.Account == 0 {
			continue
		}
		t.Run(c.Code, func(t *testing.T) {
			co, err := d.Service.Company(c.Code)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			res, err := conntest.ForCompany(ctx, d.Service, co.ID, domain.Sandbox, conntest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.OK {
				t.Errorf("test failed: %+v", res)
			}
		})
	}
}

// The inbox samples can be transferred: each is routed to its seller's company and deposited
// exactly once on the emulator.
func TestInboxSamplesAreDeposited(t *testing.T) {
	d := startDemo(t)
	entries, err := os.ReadDir(d.Inbox)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 2 {
		t.Fatalf("inbox holds %d files, want a few samples", len(entries))
	}
	o, err := outbox.Open(d.Service, outbox.Options{DepositOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	o.Start()
	defer o.Close()

	changed := make(chan struct{}, 1)
	stop := o.Subscribe(func(outbox.Event) {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	defer stop()
	numbers := map[string]bool{}
	for _, e := range entries {
		it, err := o.Add(filepath.Join(d.Inbox, e.Name()), outbox.AddOptions{})
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if it.SellerSIRET != emulator.SupplierSIRET1 && it.SellerSIRET != emulator.SupplierSIRET2 {
			t.Errorf("%s: seller %s is not a demo company", e.Name(), it.SellerSIRET)
		}
		numbers[it.Number] = true
	}
	for {
		deposited := 0
		for _, it := range o.Items() {
			if it.WasDeposited() {
				deposited++
			}
		}
		if deposited == len(entries) {
			break
		}
		select {
		case <-changed:
		case <-ctx.Done():
			t.Fatalf("only %d of %d deposited: %+v", deposited, len(entries), o.Items())
		}
	}
	counts := d.Emulator.Requests().Deposits
	for n := range numbers {
		if counts[n] != 1 {
			t.Errorf("%s deposited %d times, want 1", n, counts[n])
		}
	}
}

func TestUnlockAfterLock(t *testing.T) {
	d := startDemo(t)
	d.Service.Lock()
	if d.Service.Unlocked() {
		t.Fatal("still unlocked after Lock")
	}
	if err := d.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Service.Companies(); err != nil {
		t.Fatalf("after Unlock: %v", err)
	}
}

func TestCloseRemovesEverythingAndStopsTheEmulator(t *testing.T) {
	d, err := Start(Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	root, api := d.Root, d.Emulator.APIURL()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(root); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("demo directory still there after Close: %v", err)
	}
	c := http.Client{Timeout: 5 * time.Second}
	if resp, err := c.Get(api + "/cpro/transverses/v1/health-check"); err == nil {
		resp.Body.Close()
		t.Error("emulator still answers after Close")
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := d.Unlock(); !errors.Is(err, core.ErrLocked) {
		t.Errorf("Unlock after Close = %v, want ErrLocked", err)
	}
}

func TestPasswordsAreRandomAndNotOnDisk(t *testing.T) {
	a, b := startDemo(t), startDemo(t)
	if string(a.password) == string(b.password) || len(a.password) < 40 {
		t.Fatal("demo passwords are not random and long")
	}
	err := filepath.WalkDir(a.Root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		bs, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if containsBytes(bs, a.password) {
			t.Errorf("the master password is written in %s", filepath.Base(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func containsBytes(hay, needle []byte) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		if string(hay[i:i+len(needle)]) == string(needle) {
			return true
		}
	}
	return false
}
