package walk

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// APIStart is what an API URL says about getting a token for it (RFC 9728,
// as MCP servers publish it): its protected resource metadata, the
// authorization server chosen among its authorization_servers and that
// server's metadata, and the registration path a client takes there.
type APIStart struct {
	Resource flows.ResourceDiscovery
	// Server is the authorization server chosen (Pick of the resource
	// metadata's authorization_servers).
	Server string
	Pick   int
	// Discovery is the chosen server's metadata; nil when it did not answer.
	Discovery *flows.Discovery
	// Registration is ChooseRegistration's answer for the client id given.
	Registration Registration
	Exchanges    []flows.Exchange
}

// APIError is a failure of StartFromAPI; Step says where: "resource" (the
// API's metadata) or discovery (the chosen authorization server's).
type APIError struct {
	Step flows.Step
	Err  error
}

// StepResource names the resource metadata step of StartFromAPI.
const StepResource flows.Step = "resource"

// Error implements error.
func (e *APIError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *APIError) Unwrap() error { return e.Err }

// APIOptions are StartFromAPI's choices.
type APIOptions struct {
	Style    string // the discovery style of the authorization server
	Pick     int    // which of authorization_servers (0: the first)
	ClientID string // the person's client id, if any
	// DocumentURL is the client metadata document (CIMD) to offer any
	// server: one the person hosts at an https URL they control.
	DocumentURL string
	// Documents are documents offered to one server only, by its issuer
	// (the TUI offers the embedded demo's own to the demo). No document is
	// guessed: without one, CIMD is not taken.
	Documents map[string]string
	Guards    Guards
}

// StartFromAPI finds the API's protected resource metadata
// (flows.DiscoverResource: its challenge, else its well-known URL; the
// document is capped and checked, §3.3), discovers the authorization
// server picked among its authorization_servers (with the issuer check,
// Discover) and chooses the registration path (ChooseRegistration). Every
// exchange is returned, also on failure (an *APIError).
func StartFromAPI(ctx context.Context, hc *http.Client, apiURL string, o APIOptions) (APIStart, error) {
	rd, exs, err := flows.DiscoverResource(ctx, hc, apiURL)
	a := APIStart{Resource: rd, Exchanges: exs, Pick: o.Pick}
	if err != nil {
		return a, &APIError{Step: StepResource, Err: err}
	}
	servers := rd.Metadata.AuthorizationServers
	if o.Pick < 0 || o.Pick >= len(servers) {
		return a, &APIError{Step: StepResource, Err: fmt.Errorf("authorization server %d of %d", o.Pick+1,
			len(servers))}
	}
	a.Server = servers[o.Pick]
	d, dexs, _, err := Discover(ctx, hc, Plan{Issuer: a.Server, Discovery: o.Style}, o.Guards)
	a.Discovery, a.Exchanges = d, append(a.Exchanges, dexs...)
	if err != nil {
		return a, &APIError{Step: flows.StepDiscovery, Err: err}
	}
	doc := o.DocumentURL
	if doc == "" {
		doc = o.Documents[a.Server]
	}
	a.Registration = ChooseRegistration(ctx, hc, d.Metadata, o.ClientID, doc)
	a.Exchanges = append(a.Exchanges, a.Registration.Exchanges...)
	return a, nil
}

// Overrides are the plan's settings for a walk on the API: the chosen
// server as the issuer, the resource exactly as the metadata says it (RFC
// 8707: no trailing slash added or removed), the API's scopes, the API URL
// as the test call, the authorization code grant, and the client id of
// the registration path (none for RFC 7591 until registered, public
// clients authenticating with none).
func (a APIStart) Overrides(apiURL string) Overrides {
	md := a.Resource.Metadata
	ov := Overrides{Issuer: a.Server, Resource: []string{md.Resource}, APIURL: apiURL, ClientID: a.Registration.ClientID,
		GrantOverrides: GrantOverrides{Grant: string(flows.GrantAuthorizationCode)}}
	if len(md.ScopesSupported) > 0 {
		ov.Scope = strings.Join(md.ScopesSupported, " ")
	}
	if a.Registration.Path != flows.PathPreRegistered {
		ov.Auth = string(flows.AuthNone)
	}
	return ov
}
