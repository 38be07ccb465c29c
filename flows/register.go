package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// RegistrationRequest is an RFC 7591 dynamic client registration request
// for a machine (client credentials) client.
type RegistrationRequest struct {
	// Endpoint is the registration_endpoint (RFC 8414 §2) or a URL given.
	Endpoint string
	// InitialAccessToken, when set, is sent as "Authorization: Bearer …"
	// (RFC 7591 §3).
	InitialAccessToken string
	ClientName         string
	Scopes             []string
	// AuthMethod is the token_endpoint_auth_method: AuthBasic (default) or
	// AuthPost.
	AuthMethod AuthMethod
	// Metadata is further client metadata (RFC 7591 §2) added as given; its
	// members win over the fields above.
	Metadata map[string]any
}

// Metadata builds the client metadata document (RFC 7591 §2): client_name,
// grant_types ["client_credentials"], token_endpoint_auth_method, scope,
// then every member of r.Metadata.
func (r RegistrationRequest) metadata() map[string]any {
	method, _ := NormalizeAuth(r.AuthMethod)
	md := map[string]any{
		"grant_types":                []string{string(GrantClientCredentials)},
		"token_endpoint_auth_method": string(method),
	}
	if r.ClientName != "" {
		md["client_name"] = r.ClientName
	}
	if len(r.Scopes) > 0 {
		md["scope"] = strings.Join(r.Scopes, " ")
	}
	for k, v := range r.Metadata {
		md[k] = v
	}
	return md
}

// Body returns the JSON request body.
func (r RegistrationRequest) Body() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(r.metadata()) // maps of JSON-decoded values always encode
	return bytes.TrimSpace(buf.Bytes())
}

// HTTPRequest builds the request for Send.
func (r RegistrationRequest) HTTPRequest() Request {
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
	var secrets []Secret
	if r.InitialAccessToken != "" {
		h.Set("Authorization", "Bearer "+r.InitialAccessToken)
		secrets = append(secrets, Secret{Name: "INITIAL_ACCESS_TOKEN", Value: r.InitialAccessToken})
	}
	return Request{Label: "registration", Method: http.MethodPost, URL: r.Endpoint, Header: h,
		Body: r.Body(), Secrets: secrets}
}

func (r RegistrationRequest) validate() error {
	if err := checkEndpoint("registration endpoint", r.Endpoint); err != nil {
		return err
	}
	if _, ok := NormalizeAuth(r.AuthMethod); !ok {
		return &ConfigError{Msg: fmt.Sprintf("unknown auth method %q (use basic, post or none)", r.AuthMethod)}
	}
	return nil
}

// checkEndpoint requires an absolute http(s) URL.
func checkEndpoint(what, raw string) error {
	switch {
	case raw == "":
		return &ConfigError{Msg: "no " + what}
	case CheckAbsoluteURL(raw) != nil:
		return &ConfigError{Msg: fmt.Sprintf("%s %q is not an absolute http(s) URL", what, raw)}
	}
	return nil
}

// ParseExtraMetadata decodes extra client metadata given as a JSON object,
// such as `{"redirect_uris":["https://localhost/cb"]}`.
func ParseExtraMetadata(s string) (map[string]any, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var md map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&md); err != nil || md == nil {
		return nil, &ConfigError{
			Msg: fmt.Sprintf(
				"client metadata must be a JSON object such as {\"contacts\":[\"you@example.com\"]}: %v",
				describeJSONError([]byte(s), "", err),
			),
		}
	}
	return md, nil
}

// Registration is a registration answer (RFC 7591 §3.2.1, RFC 7592 §3).
type Registration struct {
	ClientID     string
	ClientSecret string
	// SecretExpiresAt is when the secret expires; zero when it never does
	// (client_secret_expires_at 0) or the server did not say.
	SecretExpiresAt time.Time
	// IssuedAt is client_id_issued_at, zero when absent.
	IssuedAt                time.Time
	RegistrationAccessToken string
	RegistrationClientURI   string
	TokenEndpointAuthMethod string
	Scope                   string
	// Fields are all the members of the answer as received.
	Fields map[string]any
}

// Register sends an RFC 7591 registration request and parses the answer.
// Errors are *CreationError (an error answer, RFC 7591 §3.2.2, with what
// it most likely means) unless no answer arrived. The exchange is returned
// in every case, with the new secrets marked for masking.
func Register(ctx context.Context, hc *http.Client, r RegistrationRequest) (Registration, Exchange, error) {
	if err := r.validate(); err != nil {
		return Registration{}, Exchange{Label: "registration", Method: http.MethodPost, URL: r.Endpoint}, err
	}
	ex, err := Send(ctx, hc, r.HTTPRequest())
	if err != nil {
		return Registration{}, ex, fmt.Errorf("registration request: %w", err)
	}
	reg, err := ParseRegistration(ex)
	ex.Secrets = append(ex.Secrets, reg.secrets()...)
	if err != nil {
		return reg, ex, explainRegistration(err, r)
	}
	return reg, ex, nil
}

// secrets lists the answer's secret values, for masking.
func (r Registration) secrets() []Secret {
	var out []Secret
	if r.ClientSecret != "" {
		out = append(out, Secret{Name: "CLIENT_SECRET", Value: r.ClientSecret})
	}
	if r.RegistrationAccessToken != "" {
		out = append(out, Secret{Name: "REGISTRATION_ACCESS_TOKEN", Value: r.RegistrationAccessToken})
	}
	return out
}

// ParseRegistration reads a registration answer: 201 (registration) or 200
// (RFC 7592 read) with a JSON object holding at least client_id. Error
// answers come back as *OAuthError with Step "registration".
func ParseRegistration(ex Exchange) (Registration, error) {
	if err := answerError(ex.Label, ex); err != nil {
		return Registration{}, err
	}
	if err := emptyRegistration(ex); err != nil {
		return Registration{}, err
	}
	fields, err := parseFields(ex.ResponseBody, "application/json")
	if err != nil {
		return Registration{}, fmt.Errorf("%s answer: %w", ex.Label, err)
	}
	reg := Registration{Fields: fields,
		ClientID: stringField(fields, "client_id"), ClientSecret: stringField(fields, "client_secret"),
		RegistrationAccessToken: stringField(fields, "registration_access_token"),
		RegistrationClientURI:   stringField(fields, "registration_client_uri"),
		TokenEndpointAuthMethod: stringField(fields, "token_endpoint_auth_method"),
		Scope:                   stringField(fields, "scope")}
	reg.SecretExpiresAt = unixField(fields, "client_secret_expires_at")
	reg.IssuedAt = unixField(fields, "client_id_issued_at")
	if reg.ClientID == "" {
		return reg, fmt.Errorf("%s answer: HTTP %d but it has no client_id", ex.Label, ex.Status)
	}
	return reg, nil
}

// unixField reads seconds since the epoch; 0, absent or unreadable is the
// zero time.
func unixField(m map[string]any, k string) time.Time {
	n, err := flexibleSeconds(m[k])
	if err != nil || n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// ReadRegistration reads a client's current registration (RFC 7592 §2.1)
// with the registration access token. Some servers rotate the secret on a
// read; the answer's ClientSecret is then the new one.
func ReadRegistration(
	ctx context.Context,
	hc *http.Client,
	clientURI, regToken string,
) (Registration, Exchange, error) {
	ex, err := sendManagement(ctx, hc, http.MethodGet, clientURI, regToken)
	if err != nil {
		return Registration{}, ex, err
	}
	reg, err := ParseRegistration(ex)
	ex.Secrets = append(ex.Secrets, reg.secrets()...)
	if err != nil {
		return reg, ex, explainManagement(err)
	}
	return reg, ex, nil
}

// DeleteRegistration deletes a client (RFC 7592 §2.3); the server answers
// 204 No Content.
func DeleteRegistration(ctx context.Context, hc *http.Client, clientURI, regToken string) (Exchange, error) {
	ex, err := sendManagement(ctx, hc, http.MethodDelete, clientURI, regToken)
	if err != nil {
		return ex, err
	}
	if !ex.OK() {
		return ex, explainManagement(newOAuthError(ex.Label, ex))
	}
	return ex, nil
}

// sendManagement sends an RFC 7592 request authorised by the registration
// access token.
func sendManagement(ctx context.Context, hc *http.Client, method, clientURI, regToken string) (Exchange, error) {
	label := "registration " + strings.ToLower(method)
	if method == http.MethodGet {
		label = "registration read"
	}
	if err := checkEndpoint("registration_client_uri", clientURI); err != nil {
		return Exchange{Label: label, Method: method, URL: clientURI}, err
	}
	if regToken == "" {
		return Exchange{
				Label:  label,
				Method: method,
				URL:    clientURI,
			}, &ConfigError{
				Msg: "no registration access token (RFC 7592 needs the registration_access_token the server returned)",
			}
	}
	h := http.Header{"Accept": {"application/json"}, "Authorization": {"Bearer " + regToken}}
	ex, err := Send(ctx, hc, Request{Label: label, Method: method, URL: clientURI, Header: h,
		Secrets: []Secret{{Name: "REGISTRATION_ACCESS_TOKEN", Value: regToken}}})
	if err != nil {
		return ex, fmt.Errorf("%s: %w", label, err)
	}
	return ex, nil
}
