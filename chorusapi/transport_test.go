package chorusapi

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDefaultTransportIsSafe: proxy from the environment, certificates verified, and no
// InsecureSkipVerify anywhere in the package's non-test code.
func TestDefaultTransportIsSafe(t *testing.T) {
	tr, ok := newHTTPClient().Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T", newHTTPClient().Transport)
	}
	if tr.Proxy == nil || tr.TLSClientConfig == nil || tr.TLSClientConfig.InsecureSkipVerify {
		t.Fatal("default transport must use the proxy environment and verify TLS")
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "InsecureSkipVerify"+":") {
			t.Errorf("%s disables certificate checks", f)
		}
	}
}

func TestRetryBudgetAndCancel(t *testing.T) {
	t.Run("total time bound", func(t *testing.T) {
		f := newFake(t)
		for range 200 {
			f.inject(PathRattachements, status(500, ""))
		}
		c := f.client(func(c *Config) {
			c.Retry = RetryPolicy{MaxAttempts: 100, BaseDelay: 40 * time.Millisecond, MaxDelay: 40 * time.Millisecond, MaxElapsed: 150 * time.Millisecond}
		})
		_, err := c.Rattachements(context.Background())
		if !IsKind(err, KindServer) {
			t.Fatal(err)
		}
		// Waits are at most 40 ms each and stop before 150 ms are spent: far fewer than 100 tries.
		if n := c.Attempts(); n < 2 || n >= 100 {
			t.Fatalf("%d attempts", n)
		}
	})
	t.Run("cancel stops waiting", func(t *testing.T) {
		f := newFake(t)
		f.inject(PathRattachements, withRetryAfter(429, "20"))
		ctx, cancel := context.WithCancel(context.Background())
		got429 := make(chan struct{})
		c := f.client(func(c *Config) { c.Retry = RetryPolicy{MaxAttempts: 3, MaxElapsed: time.Minute} })
		c.observe = func(x Exchange) {
			if x.Status == 429 {
				close(got429)
			}
		}
		done := make(chan error, 1)
		go func() {
			_, err := c.Rattachements(ctx)
			done <- err
		}()
		<-got429 // the client now waits the 20 s Retry-After
		cancel()
		if err := <-done; !IsKind(err, KindRateLimited) || f.count(PathRattachements) != 1 {
			t.Fatalf("err=%v requests=%d", err, f.count(PathRattachements))
		}
	})
}
