package walk

import (
	"context"
	"net/http"

	"github.com/oauthlens/oauthlens/flows"
)

// setDPoP gives the token request the walk's DPoP key when DPoP is asked
// for (the profile's dpop or --dpop): the front-end's key when it passes
// one (Overrides.DPoPKey), else a new key pair, made once per plan.
func (pl *Plan) setDPoP(ov Overrides) {
	if ov.DPoP {
		pl.GrantPlan.DPoP = true
	}
	if !pl.GrantPlan.DPoP {
		pl.Token.DPoP = nil
		return
	}
	if ov.DPoPKey != nil {
		pl.Token.DPoP = ov.DPoPKey
		return
	}
	if d, err := flows.NewDPoP("ES256"); err == nil {
		pl.Token.DPoP = d
	} else {
		pl.Unresolved = append(pl.Unresolved, Unresolved{Field: "dpop", Err: err})
	}
}

// requestToken sends the token request, and once more when a DPoP server
// asks for a nonce (use_dpop_nonce, RFC 9449 §8): the retry is its own
// exchange, so that the timeline shows both.
func requestToken(ctx context.Context, hc *http.Client, r flows.TokenRequest) (flows.Token, []flows.Exchange,
	error) {
	tok, ex, err := flows.RequestToken(ctx, hc, r)
	exs := []flows.Exchange{ex}
	if _, ok := flows.DPoPNonce(ex); ok && r.DPoP != nil && err != nil {
		ex.Label = "token (DPoP nonce asked)"
		exs[0] = ex
		tok, ex, err = flows.RequestToken(ctx, hc, r)
		ex.Label = "token (with DPoP nonce)"
		exs = append(exs, ex)
	}
	return tok, exs, err
}
