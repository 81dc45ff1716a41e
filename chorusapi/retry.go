package chorusapi

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds automatic retries of retryable errors: exponential backoff with full
// jitter, at most MaxAttempts attempts and MaxElapsed in total. A Retry-After longer than the
// remaining budget ends the retries (the error carries it so the caller can schedule).
type RetryPolicy struct {
	MaxAttempts int           // total attempts, default 4; 1 disables retries
	BaseDelay   time.Duration // default 500 ms
	MaxDelay    time.Duration // cap of one wait, default 8 s
	MaxElapsed  time.Duration // default 30 s
}

// NoRetry makes every call a single attempt (the connection test wants the first answer).
var NoRetry = RetryPolicy{MaxAttempts: 1}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 8 * time.Second
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 30 * time.Second
	}
	return p
}

// backoff is the full-jitter wait before attempt n+1 (n ≥ 1 attempts done): uniform in
// [0, min(MaxDelay, BaseDelay·2^(n-1))], but never shorter than the server's Retry-After.
func (p RetryPolicy) backoff(n int, retryAfter time.Duration) time.Duration {
	ceil := p.BaseDelay
	for i := 1; i < n && ceil < p.MaxDelay; i++ {
		ceil *= 2
	}
	if ceil > p.MaxDelay {
		ceil = p.MaxDelay
	}
	d := time.Duration(rand.Int64N(int64(ceil) + 1))
	if retryAfter > d {
		d = retryAfter
	}
	return d
}

// wait sleeps d or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
