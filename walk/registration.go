package walk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// maxClientDocument caps a client metadata document read back to check it.
const maxClientDocument = 16 << 10

// Registration is how the walk's client becomes known to the authorization
// server (ChooseRegistration): the path, the client id it gives, why.
type Registration struct {
	Path flows.RegistrationPath
	// ClientID is the id to use: the person's, or the client metadata
	// document's URL (CIMD); "" for RFC 7591, whose server issues one.
	ClientID string
	// Endpoint is RFC 7591's registration_endpoint.
	Endpoint string
	// Why says in words why this path was taken (and why a preferred one
	// was not), for step 2's row and the command line's stderr.
	Why string
	// Exchanges are those of the client metadata document's check.
	Exchanges []flows.Exchange
	// Err is set when no path is open: a pre-registered client is needed.
	Err error
}

// ChooseRegistration picks the registration path for a walk that starts
// from an API (MCP's 2025-11-25 authorization spec order): a client id
// given is used as it is (pre-registered, or CIMD when it is a document
// URL); without one, CIMD when the server's metadata says
// client_id_metadata_document_supported and the document at documentURL
// answers with its own URL as client_id (the draft's §4.1: checked here
// first, so that a document the server cannot use is not sent), else RFC
// 7591 when the metadata names a registration_endpoint, else none: a
// pre-registered client is needed (Err).
func ChooseRegistration(ctx context.Context, hc *http.Client, md flows.Metadata, clientID,
	documentURL string) Registration {
	if id := strings.TrimSpace(clientID); id != "" {
		p := flows.RegistrationPathOf(id, false)
		return Registration{Path: p, ClientID: id, Why: "the client id given (" + string(p) + ")"}
	}
	var r Registration
	var why []string
	switch {
	case !md.ClientIDMetadataDocumentSupported:
		why = append(why, "the server does not take client metadata documents (CIMD)")
	case documentURL == "":
		why = append(why, "no client metadata document to offer")
	default:
		ex, err := checkClientDocument(ctx, hc, documentURL)
		r.Exchanges = []flows.Exchange{ex}
		if err == nil {
			r.Path, r.ClientID = flows.PathCIMD, documentURL
			r.Why = "the server takes client metadata documents; the client id is the document's URL"
			return r
		}
		why = append(why, "the client metadata document is not usable: "+err.Error())
	}
	if md.RegistrationEndpoint != "" {
		r.Path, r.Endpoint = flows.PathRFC7591, md.RegistrationEndpoint
		r.Why = strings.Join(append(why, "the server offers dynamic registration (RFC 7591)"), "; ")
		return r
	}
	r.Path = flows.PathPreRegistered
	r.Why = strings.Join(append(why, "no registration_endpoint (RFC 7591)"), "; ")
	r.Err = fmt.Errorf("a pre-registered client is needed: %s; give its client id", r.Why)
	return r
}

// checkClientDocument fetches a client metadata document and checks that
// its client_id is its own URL, as the server will.
func checkClientDocument(ctx context.Context, hc *http.Client, u string) (flows.Exchange, error) {
	ex, err := flows.Send(ctx, hc, flows.Request{Label: "client metadata document", Method: http.MethodGet, URL: u,
		Header: http.Header{"Accept": {"application/json"}}, MaxBody: maxClientDocument})
	switch {
	case err != nil:
		return ex, err
	case ex.Truncated:
		return ex, fmt.Errorf("%s is over %d bytes", flows.SanitizeLine(u), maxClientDocument)
	case !ex.OK():
		return ex, fmt.Errorf("%s answered %s", flows.SanitizeLine(u), flows.SanitizeLine(ex.StatusText))
	}
	var doc struct {
		ClientID string `json:"client_id"`
	}
	if json.Unmarshal(ex.ResponseBody, &doc) != nil {
		return ex, fmt.Errorf("%s is not a JSON document", flows.SanitizeLine(u))
	}
	if doc.ClientID != u {
		return ex, fmt.Errorf("its client_id %s is not its URL", flows.QuoteText(doc.ClientID))
	}
	return ex, nil
}

// Creation is the RFC 7591 registration of the path: a public client for
// the authorization code grant with a loopback redirect (RFC 8252 §7.3),
// for walk.Create. redirectURI is the plan's fixed redirect URI, which the
// server must then know exactly; "" registers the loopback one whose port
// the server ignores (§7.3).
func (r Registration) Creation(name string, scopes []string, redirectURI string) Creation {
	if redirectURI == "" {
		redirectURI = "http://127.0.0.1/callback"
	}
	return Creation{Name: name, Scopes: scopes, AuthMethod: flows.AuthNone,
		Registration: &flows.RegistrationRequest{Endpoint: r.Endpoint, ClientName: name, Scopes: scopes,
			AuthMethod: flows.AuthNone, Metadata: map[string]any{
				"grant_types":    []string{string(flows.GrantAuthorizationCode), string(flows.GrantRefreshToken)},
				"response_types": []string{"code"},
				"redirect_uris":  []string{redirectURI},
			}}}
}

// PathWords says what a registration path means for the client at hand,
// for step 2's row and the command line.
func PathWords(p flows.RegistrationPath) string {
	switch p {
	case flows.PathCIMD:
		return "CIMD: the client id is the URL of a client metadata document the server fetches"
	case flows.PathRFC7591:
		return "RFC 7591: registered in this walk"
	}
	return "pre-registered: the client id was given"
}
