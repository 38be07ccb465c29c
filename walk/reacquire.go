package walk

import (
	"context"
	"net/http"

	"github.com/oauthlens/oauthlens/flows"
)

// UserGrant reports whether the plan's token comes from a grant with a
// person in it: the authorization code grant (RFC 6749 §4.1), the device
// authorization grant (RFC 8628) or a refresh of their token (§6). A new
// token by such a grant needs the person again (a login, an approval).
func (pl Plan) UserGrant() bool {
	t, _ := flows.NormalizeGrant(pl.GrantPlan.Name)
	if pl.Token.Grant != nil {
		t = pl.Token.Grant.Type() // what was sent (the CLI's --grant refresh_token, a finished grant)
	}
	switch t {
	case flows.GrantAuthorizationCode, flows.GrantDeviceCode, flows.GrantRefreshToken:
		return true
	}
	return false
}

// Reacquirer is how the call step replaces a token the API refused (on
// the plan's ReacquireOn statuses, RFC 6750 §3.1). The grants without a
// person send the plan's token request again. A token from a grant with a
// person is never replaced by a new login started unasked: it is
// refreshed (RFC 6749 §6) when it came with a refresh token, else not
// re-acquired at all (nil; the call's diagnosis says to run the grant
// again). After a refresh, the new token carries the new refresh token
// when the server rotated it (else the old one, still good), and
// refreshed, when not nil, is told the rotation.
func Reacquirer(hc *http.Client, pl Plan, tok flows.Token, refreshed func(flows.Rotation)) flows.Reacquirer {
	if !pl.UserGrant() {
		return func(ctx context.Context) (flows.Token, flows.Exchange, error) {
			return flows.RequestToken(ctx, hc, pl.Token)
		}
	}
	if tok.RefreshToken == "" {
		return nil
	}
	return func(ctx context.Context) (flows.Token, flows.Exchange, error) {
		r := pl.Token
		r.Grant = flows.RefreshToken{Token: tok.RefreshToken}
		t, ex, err := flows.RequestToken(ctx, hc, r)
		if err != nil {
			return t, ex, err
		}
		rot := flows.Rotation{Old: tok.RefreshToken, New: t.RefreshToken}
		if t.RefreshToken == "" {
			t.RefreshToken = rot.Old // not rotated: the old one stays good
		}
		if refreshed != nil {
			refreshed(rot)
		}
		return t, ex, nil
	}
}
