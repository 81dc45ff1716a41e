package chorusapi

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// CheckToken makes sure a token can be had. With fresh=true the cached token is dropped first
// so the token endpoint is really asked (the connection test must prove the credentials now).
// A failure is PISTE's and is recorded like any other exchange.
func (c *Client) CheckToken(ctx context.Context, fresh bool) error {
	if err := ctx.Err(); err != nil {
		return transportError(OpToken, err)
	}
	if fresh {
		c.tok.Invalidate("")
	}
	begin := time.Now()
	if _, err := c.tok.Token(); err != nil {
		if errors.Is(err, ErrLocked) {
			return ErrLocked // wiped by the lock: nothing was sent
		}
		e := c.tokenFailure(err)
		c.record(attemptResult{begin: begin, op: OpToken, method: http.MethodPost, status: e.HTTPStatus}, 1,
			newCorrelationID(), e, parsedEnvelope{})
		return e
	}
	return nil
}
