package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
)

// lockedBuffer is written by the command's goroutine and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var emulatorLine = regexp.MustCompile(`^CHORUS_EMULATOR oauth_url=(http://127\.0\.0\.1:\d+/api/oauth/token) api_url=(http://127\.0\.0\.1:\d+)\n$`)

// runEmulatorCmd starts `chorusdesk emulator args...` and returns its URLs and a stop function
// giving the exit code and the full standard output.
func runEmulatorCmd(t *testing.T, args ...string) (oauthURL, apiURL string, stop func() (int, string)) {
	t.Helper()
	stopCh := make(chan os.Signal, 1)
	orig := emulatorStop
	emulatorStop = func() (<-chan os.Signal, func()) { return stopCh, func() {} }
	t.Cleanup(func() { emulatorStop = orig })
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- Run(append([]string{"emulator"}, args...), IO{In: strings.NewReader(""), Out: out, Err: errOut,
			Getenv: func(string) string { return "" }})
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.HasSuffix(out.String(), "\n") {
		select {
		case c := <-code:
			t.Fatalf("emulator exited early with %d: %s", c, errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("no CHORUS_EMULATOR line within 5 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	m := emulatorLine.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("unexpected first output %q", out.String())
	}
	stopped := false
	stop = func() (int, string) {
		if !stopped {
			stopped = true
			stopCh <- os.Interrupt
		}
		return <-code, out.String()
	}
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	return m[1], m[2], stop
}

func TestEmulatorCommandServesUntilStopped(t *testing.T) {
	oauthURL, apiURL, stop := runEmulatorCmd(t, "--addr", "127.0.0.1:0", "--env", "production",
		"--token-ttl", "90s", "--fault", "503html:endpoint=health-check:count=1")
	resp, err := http.PostForm(oauthURL, url.Values{"grant_type": {"client_credentials"},
		"client_id": {emulator.ProductionClientID}, "client_secret": {emulator.ProductionSecret}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"expires_in":90`) {
		t.Fatalf("token on production emulator: %d %s", resp.StatusCode, body)
	}
	hc, err := http.Get(apiURL + "/cpro/transverses/v1/health-check")
	if err != nil {
		t.Fatal(err)
	}
	hc.Body.Close()
	if hc.StatusCode != 503 || !strings.HasPrefix(hc.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("--fault not applied: %d %s", hc.StatusCode, hc.Header.Get("Content-Type"))
	}
	code, out := stop()
	if code != ExitOK || strings.Count(out, "\n") != 1 {
		t.Fatalf("exit %d, output %q", code, out)
	}
	if _, err := http.Get(apiURL + "/_emulator/requests"); err == nil {
		t.Fatal("emulator still serving after stop")
	}
}

func TestEmulatorCommandUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"bad env", []string{"--env", "staging"}, ExitUsage, "sandbox or production"},
		{"bad fault", []string{"--fault", "teapot"}, ExitUsage, "teapot"},
		{"bad fault option", []string{"--fault", "429:retry=soon"}, ExitUsage, "retry"},
		{"bad duration", []string{"--latency", "fast"}, ExitUsage, "latency"},
		{"negative ttl", []string{"--token-ttl", "-1s"}, ExitUsage, "token-ttl"},
		{"positional", []string{"extra"}, ExitUsage, "extra"},
		{"bad address", []string{"--addr", "127.0.0.1:99999"}, ExitFailed, "cannot listen"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			got := Run(append([]string{"emulator"}, tc.args...), IO{In: strings.NewReader(""), Out: &out, Err: &errOut,
				Getenv: func(string) string { return "" }})
			if got != tc.code || !strings.Contains(errOut.String(), tc.err) || out.Len() != 0 {
				t.Fatalf("exit %d (want %d), stderr %q, stdout %q", got, tc.code, errOut.String(), out.String())
			}
		})
	}
}

// TestEmulatorCommandWithTestCommand is the "done when" of the emulator: with `chorusdesk
// emulator` running and a company set up with its seed credentials and printed URLs,
// `chorusdesk test` passes; a wrong password fails.
func TestEmulatorCommandWithTestCommand(t *testing.T) {
	oauthURL, apiURL, stop := runEmulatorCmd(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", emulator.SupplierSIRET1)
	h.ok("endpoints", "--env", "sandbox", "--oauth-url", oauthURL, "--api-url", apiURL)
	h.plant("EMU_SECRET", emulator.SandboxSecret)
	h.plant("EMU_PW", "demo-password-1")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", emulator.SandboxClientID,
		"--client-secret-env", "EMU_SECRET", "--login", "TECH_1_demo1@cpro.fr", "--password-env", "EMU_PW")
	if out := h.ok("test", "ACME"); !strings.Contains(out, emulator.SupplierSIRET1) {
		t.Fatalf("test output lacks the attached SIRET:\n%s", out)
	}
	h.plant("EMU_BAD_PW", "not-the-password")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", emulator.SandboxClientID,
		"--client-secret-env", "EMU_SECRET", "--login", "TECH_1_demo1@cpro.fr", "--password-env", "EMU_BAD_PW")
	if r := h.run("test", "ACME"); r.code != ExitFailed {
		t.Fatalf("wrong password: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if code, _ := stop(); code != ExitOK {
		t.Fatalf("emulator exit %d", code)
	}
}
