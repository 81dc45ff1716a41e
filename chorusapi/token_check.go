package chorusapi

import "context"

// CheckToken makes sure a token can be had. With fresh=true the cached token is dropped first
// so the token endpoint is really asked (the connection test must prove the credentials now).
func (c *Client) CheckToken(ctx context.Context, fresh bool) error {
	if err := ctx.Err(); err != nil {
		return transportError("token", err)
	}
	if fresh {
		c.tok.Invalidate("")
	}
	if _, err := c.tok.Token(); err != nil {
		return tokenError(err)
	}
	return nil
}
