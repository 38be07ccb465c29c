package ui

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// Commands take values, never the model: they run on another goroutine.

// discoverCmd fetches the metadata and checks its issuer (walk.Discover):
// a document that names another issuer fails the step.
func discoverCmd(ctx context.Context, hc *http.Client, target, style string, seq int) tea.Cmd {
	return func() tea.Msg {
		d, exs, _, err := walk.Discover(ctx, hc, walk.Plan{Issuer: target, Discovery: style}, walk.Guards{})
		msg := discoveredMsg{seq: seq, exs: exs, err: err}
		if d != nil {
			msg.disc = *d
		}
		return msg
	}
}

// fetchTokenCmd requests a token and, for a JWT, fetches the JWKS and
// checks the signature.
// The plan is built (its references resolved) here, not in Update.
// A refusal of the client is followed by the walk's probes (walk.Probe,
// at most three requests to the same endpoint), shown in the timeline.
func fetchTokenCmd(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, now func() time.Time, sp sendPlan,
	jwksURL string, md *flows.Metadata, seq int) tea.Cmd {
	return func() tea.Msg {
		pl, err := sp.build(ctx)
		if err != nil {
			return tokenFetchedMsg{seq: seq, err: err, sent: &pl}
		}
		var disc discoveredInStep3
		if pl.Token.TokenURL == "" && pl.Issuer != "" { // step 1 not run: discover, as the user grants do
			disc.d, disc.exs, _, err = walk.Discover(ctx, hc, pl, walk.Guards{}) // with the issuer check
			if err != nil {
				return tokenFetchedMsg{seq: seq, err: err, sent: &pl, disc: disc}
			}
			pl.Token.TokenURL, md = disc.d.Metadata.TokenEndpoint, &disc.d.Metadata
			jwksURL = cmp.Or(jwksURL, disc.d.Metadata.JWKSURI)
		}
		tok, ex, err := flows.RequestToken(ctx, hc, pl.Token)
		tok = tok.At(now())
		msg := tokenFetchedMsg{seq: seq, tok: tok, ex: ex, err: err, sent: &pl, disc: disc}
		if err == nil {
			msg.check = checkToken(ctx, hc, keys, tok.AccessToken, jwksURL, nil)
		}
		if walk.ShouldProbe(err) {
			p := walk.Probe(ctx, hc, pl, md)
			msg.probes = &p
		}
		msg.resource = findResource(ctx, hc, pl, err, flows.StepToken, []flows.Exchange{ex})
		return msg
	}
}

// discoveredInStep3 is the discovery step 3 made itself (step 1 not run):
// step 1 adopts it (adoptDiscovery), and its exchanges join the timeline.
type discoveredInStep3 struct {
	d   *flows.Discovery
	exs []flows.Exchange
}

// checkToken decodes a token and verifies a JWT against the JWKS: the
// bytes given, or else the walk's set at jwksURL (keys: fetched once per
// walk, again for a kid it lacks).
func checkToken(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, raw, jwksURL string,
	jwks []byte) tokenCheck {
	c := tokenCheck{jwksURL: jwksURL, jwks: jwks}
	c.jwt, c.jwtErr = flows.DecodeJWT(raw)
	if c.jwtErr != nil {
		return c
	}
	if c.jwks == nil && jwksURL != "" {
		c.jwks, c.jwksEx, c.jwksErr = keys.Keys(ctx, hc, jwksURL, c.jwt.KID())
	}
	if c.jwks != nil {
		c.ver, c.verified = flows.VerifyJWT(raw, c.jwks), true
	}
	return c
}

// callCmd builds the plan (resolving its references) and calls the API
// with the token, re-acquiring it when the API refuses it as
// walk.Reacquirer says: the plan's token request again, or a refresh for
// a token from a grant with a person (never a new login). named are more
// header names to mask; from is the grant the token came from (step 3's),
// which the sent plan keeps for the diagnosis when the grant had a person
// (step-up, no refresh token). A re-acquired token is checked through the
// walk's JWKS cache, so a key rotated since step 3 is fetched (once);
// step 3's set is used as it is only when there is no JWKS URL.
func callCmd(ctx context.Context, hc *http.Client, keys *walk.JWKSCache, now func() time.Time, sp sendPlan,
	named []string, tok flows.Token, from flows.Grant, check tokenCheck, seq int) tea.Cmd {
	return func() tea.Msg {
		pl, err := sp.build(ctx)
		if err != nil {
			return calledMsg{seq: seq, err: err, sent: &pl}
		}
		if pl.Token.Grant == nil && pl.UserGrant() {
			pl.Token.Grant = from
		}
		var rot *flows.Rotation
		again := walk.Reacquirer(hc, pl, tok, func(r flows.Rotation) { rot = &r })
		var reacquire flows.Reacquirer
		if again != nil {
			reacquire = func(ctx context.Context) (flows.Token, flows.Exchange, error) {
				t, ex, err := again(ctx)
				return t.At(now()), ex, err
			}
		}
		res, exs, err := flows.Call(ctx, hc, callRequest(pl, named), tok, reacquire)
		if rot != nil {
			pl.Token.Grant = flows.RefreshToken{Token: rot.Old} // what the re-acquire sent
		}
		msg := calledMsg{seq: seq, res: res, exs: exs, err: err, sent: &pl, rotation: rot}
		msg.resource = findResource(ctx, hc, pl, err, flows.StepCall, exs)
		if res.Retried {
			set := check.jwks
			if check.jwksURL != "" {
				set = nil // the walk's cache: fetched again for a kid it lacks
			}
			c := checkToken(ctx, hc, keys, res.Token.AccessToken, check.jwksURL, set)
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
func introspectCmd(
	ctx context.Context,
	hc *http.Client,
	endpoint string,
	c flows.ClientAuth,
	token string,
	seq int,
) tea.Cmd {
	return func() tea.Msg {
		in, ex, err := flows.Introspect(ctx, hc, endpoint, c, token, "access_token")
		return introspectedMsg{seq: seq, in: in, ex: ex, err: err}
	}
}

// revokeCmd asks the revocation endpoint to revoke the access token.
func revokeCmd(
	ctx context.Context,
	hc *http.Client,
	endpoint string,
	c flows.ClientAuth,
	token string,
	seq int,
) tea.Cmd {
	return func() tea.Msg {
		ex, err := flows.Revoke(ctx, hc, endpoint, c, token, "access_token")
		return revokedMsg{seq: seq, ex: ex, err: err}
	}
}
