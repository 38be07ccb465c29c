package walk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// CreationKind is how a client is created.
type CreationKind int

// The ways of creating a client.
const (
	// CreateRFC7591 is dynamic client registration (RFC 7591).
	CreateRFC7591 CreationKind = iota + 1
	// CreateVendor is a vendor's admin API, described by a profile's
	// client_creation template.
	CreateVendor
)

// String is the kind's short name, as the register command's --json says.
func (k CreationKind) String() string {
	switch k {
	case CreateRFC7591:
		return "rfc7591"
	case CreateVendor:
		return "vendor"
	}
	return ""
}

// Words describes the kind for people.
func (k CreationKind) Words() string {
	switch k {
	case CreateRFC7591:
		return "RFC 7591 dynamic registration"
	case CreateVendor:
		return "the profile's client_creation template"
	}
	return ""
}

// Creation is a client to create: by RFC 7591 registration (Registration
// set) or by a vendor's admin API (Vendor set).
type Creation struct {
	Name       string
	Scopes     []string
	AuthMethod flows.AuthMethod
	// Registration is the RFC 7591 request; an empty Endpoint is found by
	// discovery from Issuer.
	Registration *flows.RegistrationRequest
	Issuer       string
	Discovery    string
	Guards       Guards
	// Vendor is the admin API request.
	Vendor *flows.VendorClientRequest
}

// Kind says which way the client is created.
func (c Creation) Kind() CreationKind {
	if c.Vendor != nil {
		return CreateVendor
	}
	return CreateRFC7591
}

// Created is a client just created, by either kind. The values come back
// also with an error when the answer held any, so that a secret shown
// once is never lost.
type Created struct {
	Kind          CreationKind
	Endpoint      string
	Name          string // the name asked for
	ClientID      string
	Secret        string
	AuthMethod    flows.AuthMethod
	Scope         string
	SecretExpires time.Time
	RegURI        string // RFC 7592 registration_client_uri
	RegToken      string // RFC 7592 registration_access_token
	// Answer is a vendor answer whose secret was not where the template
	// said: it is kept whole, as a one-time value.
	Answer []byte
	// TokenURL is the token endpoint discovery found, if it ran.
	TokenURL string
}

// OneTime lists the values of c that are shown only once.
func (c Created) OneTime() []profiles.OneTime {
	return profiles.OneTimeValues(c.Secret, c.RegToken, c.Answer)
}

// Create creates the client: for RFC 7591 without an endpoint, discovery
// (with the issuer check) finds it first. Every exchange is returned.
func Create(ctx context.Context, hc *http.Client, c Creation) (Created, []flows.Exchange, error) {
	scope := strings.Join(c.Scopes, " ")
	if c.Vendor != nil {
		c.warnDestination("the client creation API", c.Vendor.URL)
		vc, ex, err := flows.CreateVendorClient(ctx, hc, *c.Vendor)
		out := Created{Kind: CreateVendor, Endpoint: c.Vendor.URL, Name: c.Name, ClientID: vc.ClientID,
			Secret: vc.ClientSecret, AuthMethod: c.AuthMethod, Scope: scope}
		var pe *flows.PathError
		if errors.As(err, &pe) && out.Secret == "" && ex.OK() {
			out.Answer = ex.ResponseBody
		}
		return out, []flows.Exchange{ex}, err
	}
	if c.Registration == nil {
		return Created{}, nil, &flows.ConfigError{
			Msg: "nothing to create: no registration and no client_creation template",
		}
	}
	req := *c.Registration
	var exs []flows.Exchange
	var found string
	if req.Endpoint == "" {
		d, dexs, _, err := Discover(ctx, hc, Plan{Issuer: c.Issuer, Discovery: c.Discovery}, c.Guards)
		exs = dexs
		if err != nil {
			return Created{}, exs, err
		}
		found = d.Metadata.TokenEndpoint
		if d.Metadata.RegistrationEndpoint == "" {
			return Created{}, exs, fmt.Errorf("discovery: %s has no registration_endpoint: the server does not "+
				"advertise RFC 7591 registration; give its URL if it has one, or create the client by hand",
				flows.Sanitize(d.URL))
		}
		req.Endpoint = d.Metadata.RegistrationEndpoint
	}
	c.warnDestination("the registration endpoint", req.Endpoint)
	reg, ex, err := flows.Register(ctx, hc, req)
	out := Created{Kind: CreateRFC7591, Endpoint: req.Endpoint, Name: c.Name, ClientID: reg.ClientID,
		Secret: reg.ClientSecret, AuthMethod: cmp.Or(flows.AuthMethod(reg.TokenEndpointAuthMethod), req.AuthMethod),
		Scope: cmp.Or(reg.Scope, scope), SecretExpires: reg.SecretExpiresAt, RegURI: reg.RegistrationClientURI,
		RegToken: reg.RegistrationAccessToken, TokenURL: found}
	return out, append(exs, ex), err
}

// VendorRequest fills a client_creation template: the body with the name,
// scopes and permissions, the admin token, and the template's headers
// (their references resolved with resolve; secret ones marked by the one
// secret rule).
func VendorRequest(ctx context.Context, t profiles.ClientTemplate, name string, scopes, perms []string,
	adminToken string, resolve Resolver) (flows.VendorClientRequest, error) {
	body, err := t.RenderBody(name, scopes, perms)
	if err != nil {
		return flows.VendorClientRequest{}, &flows.ConfigError{Msg: "client_creation.body: " + err.Error()}
	}
	v := flows.VendorClientRequest{Method: t.Method, URL: t.URL, AdminToken: adminToken, Header: http.Header{},
		Body: []byte(body), ClientIDPath: t.ClientIDPath, ClientSecretPath: t.ClientSecretPath}
	for _, name := range sortedKeys(t.Headers) {
		ref := t.Headers[name]
		val := ref
		if !profiles.IsLiteral(ref) {
			if val, err = resolve(ctx, "client_creation.headers."+name, ref); err != nil {
				return v, err
			}
		}
		v.Header.Set(name, val)
		if SecretHeader(name, ref) {
			v.SecretHeaders = append(v.SecretHeaders, name)
		}
	}
	return v, nil
}

// warnDestination tells the guards, before the request goes, about plain
// http:// or another host than the issuer's: a creation request carries an
// initial or admin token, and its answer the new client's secret.
func (c Creation) warnDestination(what, endpoint string) {
	for _, w := range Destination(what, endpoint, c.Issuer) {
		c.Guards.warn(nil, w)
	}
}

// RegistrationPath is how the plan's client is known to the server:
// CIMD when its id is a client metadata document URL, RFC 7591 when the
// walk registered it (registered), else pre-registered.
func (pl Plan) RegistrationPath(registered bool) flows.RegistrationPath {
	return flows.RegistrationPathOf(pl.Token.ClientID, registered)
}
