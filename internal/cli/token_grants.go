package cli

import (
	"context"
	"net/http"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
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
}

// grantNames maps the --grant values to the grants.
var grantNames = map[string]flows.GrantType{
	"client_credentials": flows.GrantClientCredentials,
	"device":             flows.GrantDeviceCode, string(flows.GrantDeviceCode): flows.GrantDeviceCode,
}

func (g *grantFlags) register(fs *cmdFlags) {
	fs.StringVar(&g.grant, "grant", "", "the `GRANT`: client_credentials (default), device, refresh_token "+
		"or authorization_code")
	fs.StringVar(&g.deviceURL, "device-url", "", "the device authorization endpoint `URL` (default: from discovery)")
}

// grantType is the grant asked for; client credentials when none was.
func (g grantFlags) grantType() (flows.GrantType, error) {
	if g.grant == "" {
		return flows.GrantClientCredentials, nil
	}
	t, ok := grantNames[strings.ToLower(g.grant)]
	if !ok {
		return "", usagef("unknown grant %q (use client_credentials, device, refresh_token or authorization_code)",
			g.grant)
	}
	return t, nil
}

// tokenByGrant gets a token with the grant asked for.
func (env *cliEnv) tokenByGrant(ctx context.Context, s *tokenSetup, g grantFlags, c commonFlags,
	hc *http.Client) (grantResult, error) {
	t, err := g.grantType()
	if err != nil {
		return grantResult{}, err
	}
	switch t {
	case flows.GrantDeviceCode:
		return env.deviceToken(ctx, s, g, c, hc)
	}
	tok, exs, disc, err := s.acquire(ctx, hc)
	return grantResult{Token: tok, Exchanges: exs, Discovery: disc}, err
}
