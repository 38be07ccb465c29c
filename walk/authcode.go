package walk

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/oauthlens/oauthlens/flows"
)

// AuthCodeOptions are the person's choices for the authorization code
// grant: the redirect URI (the loopback listener's by default), PAR.
type AuthCodeOptions struct {
	RedirectURI string // required
	AuthURL     string // the authorization endpoint when there is no metadata
	PAR         bool   // push the request first (RFC 9126); on anyway when the metadata requires it
	MaxAge      int
	Extra       url.Values // further authorization request parameters (prompt=consent, …)
	// Discovery is a discovery already made (the TUI's step 1): it is used
	// rather than discovering again.
	Discovery *flows.Discovery
}

// AuthCodeStart is the authorization request, ready to open in a browser:
// the discovery it needed, the request (state, nonce and PKCE pair kept
// for the checks), its URL, and every exchange (PAR).
type AuthCodeStart struct {
	Discovery *flows.Discovery
	Request   flows.AuthRequest
	URL       string
	Pushed    bool
	Exchanges []flows.Exchange
	Warnings  []Warning
}

// Secrets are the values of the start that must be masked: the PKCE
// verifier (the state and nonce are not secrets but stay short on screen).
func (st AuthCodeStart) Secrets() []flows.Secret {
	return []flows.Secret{{Name: "CODE_VERIFIER", Value: st.Request.PKCE.Verifier}}
}

// StartAuthCode discovers the server when needed (with the issuer check)
// and builds the authorization request with a fresh state, nonce and PKCE
// S256 pair, pushing it first when asked or required (RFC 9126 §5).
func StartAuthCode(ctx context.Context, hc *http.Client, pl *Plan, o AuthCodeOptions, g Guards) (AuthCodeStart,
	error) {
	var st AuthCodeStart
	authURL := o.AuthURL
	st.Discovery = o.Discovery
	if pl.Issuer != "" && st.Discovery == nil {
		d, exs, ws, err := Discover(ctx, hc, *pl, g)
		st.Discovery, st.Exchanges, st.Warnings = d, exs, ws
		if err != nil {
			return st, err
		}
	}
	if d := st.Discovery; d != nil {
		if pl.Token.TokenURL == "" {
			pl.Token.TokenURL = d.Metadata.TokenEndpoint
		}
		if authURL == "" {
			authURL = d.Metadata.AuthorizationEndpoint
		}
	}
	if authURL == "" {
		return st, &flows.ConfigError{Msg: "no authorization endpoint: the metadata names none; give --auth-url"}
	}
	t := pl.Token
	st.Request = flows.NewAuthRequest(authURL, t.ClientID, o.RedirectURI, t.Scopes)
	st.Request.Resource, st.Request.MaxAge = t.Resource, o.MaxAge
	st.Request.Extra = withAudience(o.Extra, t.Audience)
	if st.Discovery != nil && (o.PAR || st.Discovery.Metadata.PARRequired()) {
		return st, st.push(ctx, hc, pl, g)
	}
	if o.PAR {
		return st, &flows.ConfigError{Msg: "PAR asked for, but there is no metadata naming its endpoint"}
	}
	st.URL = st.Request.URL()
	return st, nil
}

// withAudience adds the plan's audience to the authorization request's
// further parameters (Auth0 chooses the API there), unless they set one.
func withAudience(extra url.Values, aud string) url.Values {
	if aud == "" || extra.Has("audience") {
		return extra
	}
	out := url.Values{}
	for k, vs := range extra {
		out[k] = append([]string(nil), vs...)
	}
	out.Set("audience", aud)
	return out
}

// push sends the request to the PAR endpoint with the client's credentials.
func (st *AuthCodeStart) push(ctx context.Context, hc *http.Client, pl *Plan, g Guards) error {
	ep := st.Discovery.Metadata.PAREndpoint()
	if ep == "" {
		return &flows.ConfigError{Msg: "PAR is required or asked for, but the metadata has no " +
			"pushed_authorization_request_endpoint (RFC 9126 §5)"}
	}
	for _, w := range Destination("the PAR endpoint", ep, pl.issuerOf(st.Discovery)) {
		st.Warnings = g.warn(st.Warnings, w)
	}
	t := pl.Token
	ex, err := st.Request.Push(
		ctx,
		hc,
		ep,
		flows.ClientAuth{ID: t.ClientID, Secret: t.ClientSecret, Method: t.AuthMethod},
	)
	st.Exchanges = append(st.Exchanges, ex)
	if err != nil {
		return err
	}
	st.Pushed, st.URL = true, st.Request.URL()
	return nil
}

// Issuer is the issuer the redirect's iss must name: the document's.
func (st AuthCodeStart) Issuer() string {
	if st.Discovery != nil {
		return st.Discovery.Metadata.Issuer
	}
	return ""
}

// AuthCodeResult is the end of the grant: the redirect's checks and the
// token request.
type AuthCodeResult struct {
	Callback  flows.Callback
	Token     flows.Token
	Exchanges []flows.Exchange
}

// FinishAuthCode checks the redirect (state, iss, error) and, when it
// passed, exchanges the code with the PKCE verifier at the token endpoint.
// A redirect that fails a check sends nothing: its code is never used.
func FinishAuthCode(ctx context.Context, hc *http.Client, pl *Plan, st AuthCodeStart, q url.Values) (AuthCodeResult,
	error) {
	var res AuthCodeResult
	cb, err := flows.ParseCallback(q, st.Request, st.Issuer(), st.issRequired())
	res.Callback = cb
	if err != nil {
		return res, err
	}
	if pl.Token.TokenURL == "" {
		return res, errors.New("no token endpoint to exchange the code at")
	}
	req := pl.Token
	req.Scopes = nil // the code carries the scope (RFC 6749 §4.1.3 has no scope parameter)
	req.Grant = flows.AuthorizationCode{Code: cb.Code, RedirectURI: st.Request.RedirectURI,
		Verifier: st.Request.PKCE.Verifier}
	tok, ex, err := flows.RequestToken(ctx, hc, req)
	pl.Token.Grant = req.Grant // the plan says what was sent (diagnosis, masking)
	res.Token = tok
	res.Exchanges = append(res.Exchanges, ex)
	return res, err
}

// Judge checks a redirect as FinishAuthCode will, for the loopback
// listener's page (flows.Loopback.SetJudge): it says in the browser what
// happened.
func (st AuthCodeStart) Judge(q url.Values) error {
	_, err := flows.ParseCallback(q, st.Request, st.Issuer(), st.issRequired())
	return err
}

// issRequired: the metadata says the server sends iss (RFC 9207 §3).
func (st AuthCodeStart) issRequired() bool {
	return st.Discovery != nil && st.Discovery.Metadata.IssParameter()
}
