package cli

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// grantFlags choose the grant of 'token' and carry its own inputs.
type grantFlags struct {
	grant        string // client_credentials (default), device, refresh_token, authorization_code
	deviceURL    string // the device authorization endpoint, when there is no metadata
	refreshToken string // a reference to the refresh token
	redirectURI  string // the loopback redirect URI of the authorization code grant
	authURL      string // the authorization endpoint, when there is no metadata
	noBrowser    bool   // print the authorization URL instead of opening a browser
	par          bool   // push the authorization request first (RFC 9126)
	curl         bool   // --curl: the commands of the exchanges reported as they happen
}

// grantResult is what a grant did; Reported exchanges (the first ones) were
// already printed as they happened.
type grantResult struct {
	Token     flows.Token
	Exchanges []flows.Exchange
	Discovery *flows.Discovery
	Reported  int
	clientID  string // for the ID token's aud
}

// userGrants maps the --grant values of the grants with a user to their
// grant types; the other values (client_credentials, token_exchange,
// jwt_bearer) are the walk's (walk.GrantOverrides).
var userGrants = map[string]flows.GrantType{
	"device": flows.GrantDeviceCode, string(flows.GrantDeviceCode): flows.GrantDeviceCode,
	"refresh_token": flows.GrantRefreshToken, "refresh": flows.GrantRefreshToken,
	"authorization_code": flows.GrantAuthorizationCode, "code": flows.GrantAuthorizationCode,
}

// register adds the flags of the grants with a user; --grant itself is
// registered once with the others (token_more.go).
func (g *grantFlags) register(fs *cmdFlags) {
	fs.StringVar(&g.deviceURL, "device-url", "", "the device authorization endpoint `URL` (default: from discovery)")
	fs.StringVar(&g.refreshToken, "refresh-token", "", "the refresh token as a `REF`erence (env:NAME, file:PATH, "+
		"cmd:COMMAND, -) for --grant refresh_token")
	fs.StringVar(&g.redirectURI, "redirect-uri", "", "a fixed loopback redirect `URI` (default: "+
		"http://127.0.0.1:RANDOM/callback)")
	fs.StringVar(&g.authURL, "auth-url", "", "the authorization endpoint `URL` (default: from discovery)")
	fs.BoolVar(&g.noBrowser, "no-browser", false, "print the authorization URL instead of opening a browser; "+
		"the redirect URL may be pasted back on stdin")
	fs.BoolVar(&g.par, "par", false, "push the authorization request first (RFC 9126)")
}

// tokenByGrant gets a token with the grant asked for: the grants with a
// user here, the others through the walk.
func (env *cliEnv) tokenByGrant(ctx context.Context, s *tokenSetup, g grantFlags, c commonFlags,
	hc *http.Client) (grantResult, error) {
	switch userGrants[strings.ToLower(g.grant)] {
	case flows.GrantDeviceCode:
		return env.deviceToken(ctx, s, g, c, hc)
	case flows.GrantRefreshToken:
		return env.refreshToken(ctx, s, g, hc)
	case flows.GrantAuthorizationCode:
		return env.authCodeToken(ctx, s, g, c, hc)
	}
	tok, exs, disc, err := s.acquire(ctx, hc)
	return grantResult{Token: tok, Exchanges: exs, Discovery: disc}, err
}

// refreshToken runs the refresh token grant (RFC 6749 §6) and says on
// stderr whether the server rotated the refresh token.
func (env *cliEnv) refreshToken(ctx context.Context, s *tokenSetup, g grantFlags, hc *http.Client) (grantResult,
	error) {
	if g.refreshToken == "" {
		return grantResult{}, usagef("--grant refresh_token needs --refresh-token REF (env:NAME, file:PATH, -)")
	}
	if profiles.IsLiteral(g.refreshToken) {
		env.warnLiteral("--refresh-token", true)
	}
	rt, err := env.resolve(ctx, "--refresh-token", g.refreshToken)
	if err != nil {
		return grantResult{}, err
	}
	env.learn(flows.Secret{Name: "REFRESH_TOKEN", Value: rt})
	s.Token.Grant = flows.RefreshToken{Token: rt}
	tok, exs, disc, err := s.acquire(ctx, hc)
	if err == nil {
		rot := flows.Rotation{Old: rt, New: tok.RefreshToken}
		fmt.Fprintf(env.stderr, "refresh token: %s\n", rot.Describe())
		if rot.New == "" {
			tok.RefreshToken = rt // not rotated: the old one stays good (call refreshes with it on a 401)
		}
	}
	return grantResult{Token: tok, Exchanges: exs, Discovery: disc}, err
}
