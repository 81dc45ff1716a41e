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
