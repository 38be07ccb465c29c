package walk

import (
	"context"
	"fmt"
	"net/http"

	"github.com/oauthlens/oauthlens/flows"
)

// Guards are the person's decisions about where credentials may go.
type Guards struct {
	// AllowIssuerMismatch goes on with a document that names another
	// issuer (--allow-issuer-mismatch), with a loud warning.
	AllowIssuerMismatch bool
	// OnWarning is told each warning before the request it is about is
	// sent; nil: the warnings are only returned.
	OnWarning func(Warning)
}

func (g Guards) warn(ws []Warning, w Warning) []Warning {
	if g.OnWarning != nil {
		g.OnWarning(w)
	}
	return append(ws, w)
}

// Result is what Acquire did: the discovery (nil when none was needed),
// the token, every exchange in order (also on failure) and the warnings.
type Result struct {
	Discovery *flows.Discovery
	Token     flows.Token
	Exchanges []flows.Exchange
	Warnings  []Warning
}

// Discover fetches the plan's metadata and checks its issuer before
// anything else may use it. The discovery is returned also when the
// check fails, so that it can be shown.
func Discover(ctx context.Context, hc *http.Client, pl Plan, g Guards) (*flows.Discovery, []flows.Exchange,
	[]Warning, error) {
	d, exs, err := flows.Discover(ctx, hc, pl.Issuer, pl.Discovery)
	if err != nil {
		return nil, exs, nil, err
	}
	w, err := CheckIssuer(&d, g.AllowIssuerMismatch)
	if err != nil {
		return &d, exs, nil, err
	}
	var ws []Warning
	if w != nil {
		ws = g.warn(ws, *w)
	}
	return &d, exs, ws, nil
}

// Acquire gets a token for the plan: discovery first when the plan has no
// token URL, then the token request. Credentials are sent only to a token
// endpoint whose document passed the issuer check; the warnings about the
// destination are given to g.OnWarning before the request is sent. pl's
// token URL is filled from discovery.
func Acquire(ctx context.Context, hc *http.Client, pl *Plan, g Guards) (Result, error) {
	var res Result
	if pl.Token.TokenURL == "" && pl.Issuer != "" {
		d, exs, ws, err := Discover(ctx, hc, *pl, g)
		res.Discovery, res.Exchanges, res.Warnings = d, exs, ws
		if err != nil {
			return res, err
		}
		if d.Metadata.TokenEndpoint == "" {
			return res, fmt.Errorf("discovery: %s has no token_endpoint", flows.Sanitize(d.URL))
		}
		pl.Token.TokenURL = tokenEndpointFor(d.Metadata, pl.Token) // the mTLS alias when there is a certificate
	}
	for _, w := range Destination("the token endpoint", pl.Token.TokenURL, pl.issuerOf(res.Discovery)) {
		res.Warnings = g.warn(res.Warnings, w)
	}
	tok, exs, err := requestToken(ctx, hc, pl.Token) // dpop.go: a DPoP nonce retry is its own exchange
	res.Token = tok
	res.Exchanges = append(res.Exchanges, exs...)
	return res, err
}

// issuerOf is the issuer credentials are meant for: the document's when
// discovery ran, else the plan's.
func (pl Plan) issuerOf(d *flows.Discovery) string {
	if d != nil && d.Metadata.Issuer != "" {
		return d.Metadata.Issuer
	}
	return pl.Issuer
}

// CheckupGuard is flows.CheckupRequest.Guard for doctor: the issuer check
// and the destination warnings, as diagnoses on the discovery check. The
// plan gives the issuer when no discovery ran.
func (g Guards) CheckupGuard(pl Plan) func(*flows.Discovery, string) ([]flows.Diagnosis, error) {
	return func(d *flows.Discovery, tokenURL string) ([]flows.Diagnosis, error) {
		var ws []Warning
		w, err := CheckIssuer(d, g.AllowIssuerMismatch)
		if err != nil {
			return nil, err
		}
		if w != nil {
			ws = append(ws, *w)
		}
		ws = append(ws, Destination("the token endpoint", tokenURL, pl.issuerOf(d))...)
		var ds []flows.Diagnosis
		for _, w := range ws {
			ds = append(ds, w.Diagnosis())
		}
		return ds, nil
	}
}

// Diagnosis is the warning as a diagnosis, for doctor's checklist.
func (w Warning) Diagnosis() flows.Diagnosis {
	d := flows.Diagnosis{Code: flows.Code("walk." + string(w.Code)), Summary: w.Message}
	switch w.Code {
	case WarnOtherHost:
		d.Causes = []string{"the server hosts its token endpoint elsewhere (allowed by RFC 8414)",
			"the metadata was answered by a server that wants the credentials (mix-up)"}
		d.Refs = []string{"RFC 8414 §2", "RFC 9700 §4.4"}
	case WarnPlainHTTP:
		d.Fixes = []flows.Fix{{Text: "use the https:// URL of the endpoint"}}
		d.Refs = []string{"RFC 6749 §2.3.1 (TLS required)", "RFC 9700 §2.6"}
	case WarnIssuerMismatchAllowed:
		d.Refs = []string{"RFC 8414 §3.3", "RFC 9700 §4.4"}
	}
	return d
}
