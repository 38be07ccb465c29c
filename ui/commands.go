package ui

import (
	"context"
	"errors"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// Commands take values, never the model: they run on another goroutine.

func discoverCmd(ctx context.Context, hc *http.Client, target, style string, seq int) tea.Cmd {
	return func() tea.Msg {
		d, exs, err := flows.Discover(ctx, hc, target, style)
		return discoveredMsg{seq: seq, disc: d, exs: exs, err: err}
	}
}

// fetchTokenCmd requests a token and, for a JWT, fetches the JWKS and
// checks the signature.
func fetchTokenCmd(ctx context.Context, hc *http.Client, now func() time.Time, req flows.TokenRequest, jwksURL string, seq int) tea.Cmd {
	return func() tea.Msg {
		tok, ex, err := flows.RequestToken(ctx, hc, req)
		tok = tok.At(now())
		msg := tokenFetchedMsg{seq: seq, tok: tok, ex: ex, err: err}
		if err == nil {
			msg.check = checkToken(ctx, hc, tok.AccessToken, jwksURL, nil)
		}
		return msg
	}
}

// checkToken decodes a token and verifies a JWT against the JWKS: the
// bytes given, or else those fetched from jwksURL.
func checkToken(ctx context.Context, hc *http.Client, raw, jwksURL string, jwks []byte) tokenCheck {
	c := tokenCheck{jwksURL: jwksURL, jwks: jwks}
	c.jwt, c.jwtErr = flows.DecodeJWT(raw)
	if c.jwtErr != nil {
		return c
	}
	if c.jwks == nil && jwksURL != "" {
		body, ex, err := flows.FetchJWKS(ctx, hc, jwksURL)
		c.jwks, c.jwksEx, c.jwksErr = body, &ex, err
	}
	if c.jwks != nil {
		c.ver, c.verified = flows.VerifyJWT(raw, c.jwks), true
	}
	return c
}

// callCmd calls the API with the token, re-acquiring it with treq when the
// API refuses it.
func callCmd(ctx context.Context, hc *http.Client, now func() time.Time, req flows.CallRequest, tok flows.Token,
	treq flows.TokenRequest, check tokenCheck, seq int) tea.Cmd {
	return func() tea.Msg {
		reacquire := func(ctx context.Context) (flows.Token, flows.Exchange, error) {
			t, ex, err := flows.RequestToken(ctx, hc, treq)
			return t.At(now()), ex, err
		}
		res, exs, err := flows.Call(ctx, hc, req, tok, reacquire)
		msg := calledMsg{seq: seq, res: res, exs: exs, err: err}
		if res.Retried {
			c := checkToken(ctx, hc, res.Token.AccessToken, check.jwksURL, check.jwks)
			msg.check = &c
		}
		return msg
	}
}

// tickCmd arms the one clock. The root keeps at most one pending.
func tickCmd() tea.Cmd {
	return tea.Every(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// isCancelled reports whether err comes from esc.
func isCancelled(err error) bool {
	return errors.Is(err, context.Canceled)
}

// introspectCmd asks the introspection endpoint about the access token.
func introspectCmd(ctx context.Context, hc *http.Client, endpoint string, c flows.ClientAuth, token string, seq int) tea.Cmd {
	return func() tea.Msg {
		in, ex, err := flows.Introspect(ctx, hc, endpoint, c, token, "access_token")
		return introspectedMsg{seq: seq, in: in, ex: ex, err: err}
	}
}

// revokeCmd asks the revocation endpoint to revoke the access token.
func revokeCmd(ctx context.Context, hc *http.Client, endpoint string, c flows.ClientAuth, token string, seq int) tea.Cmd {
	return func() tea.Msg {
		ex, err := flows.Revoke(ctx, hc, endpoint, c, token, "access_token")
		return revokedMsg{seq: seq, ex: ex, err: err}
	}
}
