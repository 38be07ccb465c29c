package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// VendorClientRequest is a call to a vendor's own client-creation API, such
// as WorkfloPlus's "POST {accounts}/api/client/ with an owner's bearer
// token", described by a profile's client-creation template with its
// placeholders filled in and its references resolved.
type VendorClientRequest struct {
	Method string // POST if empty
	URL    string
	// AdminToken is sent as "Authorization: Bearer …" when set.
	AdminToken string
	// Header holds further headers; SecretHeaders names those whose values
	// are secret (they are masked when the exchange is shown).
	Header        http.Header
	SecretHeaders []string
	Body          []byte // JSON
	// ClientIDPath and ClientSecretPath locate the new credentials in the
	// JSON answer as dotted paths ("client.clientId", "newSecret",
	// "secrets.0.value").
	ClientIDPath     string
	ClientSecretPath string
}

func (r VendorClientRequest) method() string {
	if r.Method == "" {
		return http.MethodPost
	}
	return strings.ToUpper(r.Method)
}

// HTTPRequest builds the request for Send.
func (r VendorClientRequest) HTTPRequest() Request {
	h := http.Header{}
	for k, vs := range r.Header {
		h[http.CanonicalHeaderKey(k)] = slices.Clone(vs)
	}
	if len(r.Body) > 0 && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	if h.Get("Accept") == "" {
		h.Set("Accept", "application/json")
	}
	var secrets []Secret
	if r.AdminToken != "" {
		h.Set("Authorization", "Bearer "+r.AdminToken)
		secrets = append(secrets, Secret{Name: "ADMIN_TOKEN", Value: r.AdminToken})
	}
	for _, name := range r.SecretHeaders {
		if v := h.Get(name); v != "" {
			secrets = append(secrets, Secret{Name: EnvName(name), Value: v})
		}
	}
	return Request{Label: "client creation", Method: r.method(), URL: r.URL, Header: h,
		Body: r.Body, Secrets: secrets, SecretHeaders: r.SecretHeaders}
}

// EnvName turns a header name into a shell variable name (X-Api-Key → X_API_KEY).
func EnvName(header string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(header))
}

func (r VendorClientRequest) validate() error {
	if err := checkEndpoint("client-creation URL", r.URL); err != nil {
		return err
	}
	switch {
	case r.ClientIDPath == "":
		return &ConfigError{
			Msg: "the client-creation template has no client_id_path (where the answer holds the new client id)",
		}
	case r.ClientSecretPath == "":
		return &ConfigError{
			Msg: "the client-creation template has no client_secret_path (where the answer holds the new secret)",
		}
	case len(r.Body) > 0 && !json.Valid(r.Body):
		return &ConfigError{Msg: "the client-creation body is not valid JSON"}
	}
	return nil
}

// VendorClient is a client created by a vendor API.
type VendorClient struct {
	ClientID     string
	ClientSecret string
	// Fields is the JSON answer, decoded.
	Fields map[string]any
}

// PathError says that a 2xx answer has nothing at a template's path. The
// client was most likely created: its secret may be elsewhere in the
// answer, which the exchange holds.
type PathError struct {
	Field string // "client_id_path" or "client_secret_path"
	Path  string
	Keys  []string // the answer's top-level member names (never values)
	Err   error
}

// Error names the path and what the answer has instead.
func (e *PathError) Error() string {
	s := fmt.Sprintf("client creation answered with success, but %v (the template's %s is %q)", e.Err, e.Field, e.Path)
	if len(e.Keys) > 0 {
		s += "; the answer's top-level members are " + Sanitize(strings.Join(e.Keys, ", "))
	}
	return s + "; the client was probably created: look for its secret in the raw answer"
}

// Unwrap returns the cause.
func (e *PathError) Unwrap() error { return e.Err }

// CreateVendorClient calls a vendor's client-creation API and takes the
// new client id and secret from the answer. A 401 or 403 comes back as a
// *CreationError that explains the admin token; a 2xx answer without the
// id or secret at the template's paths as a *PathError. The exchange is
// returned in every case, with the new secret marked for masking.
func CreateVendorClient(ctx context.Context, hc *http.Client, r VendorClientRequest) (VendorClient, Exchange, error) {
	if err := r.validate(); err != nil {
		return VendorClient{}, Exchange{Label: "client creation", Method: r.method(), URL: r.URL}, err
	}
	ex, err := Send(ctx, hc, r.HTTPRequest())
	if err != nil {
		return VendorClient{}, ex, fmt.Errorf("client creation: %w", err)
	}
	if !ex.OK() {
		return VendorClient{}, ex, explainVendor(newOAuthError(ex.Label, ex), r)
	}
	vc, err := parseVendorClient(ex.ResponseBody, r)
	if vc.ClientSecret != "" {
		ex.Secrets = append(ex.Secrets, Secret{Name: "CLIENT_SECRET", Value: vc.ClientSecret})
	}
	return vc, ex, err
}

// parseVendorClient reads the id and the secret at the template's paths.
func parseVendorClient(body []byte, r VendorClientRequest) (VendorClient, error) {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return VendorClient{}, &PathError{
			Field: "client_id_path",
			Path:  r.ClientIDPath,
			Err:   describeJSONError(body, "", err),
		}
	}
	vc := VendorClient{}
	vc.Fields, _ = doc.(map[string]any)
	// Both are looked up whatever happens: a secret found must reach the
	// caller even when the id is missing, so that it is not lost.
	secret, serr := lookupPath(doc, r.ClientSecretPath)
	id, ierr := lookupPath(doc, r.ClientIDPath)
	vc.ClientID, vc.ClientSecret = id, secret
	switch {
	case serr != nil:
		return vc, &PathError{
			Field: "client_secret_path",
			Path:  r.ClientSecretPath,
			Keys:  topKeys(vc.Fields),
			Err:   serr,
		}
	case ierr != nil:
		return vc, &PathError{Field: "client_id_path", Path: r.ClientIDPath, Keys: topKeys(vc.Fields), Err: ierr}
	}
	return vc, nil
}

// lookupPath returns the string or number at a dotted path. Errors name
// the path, never the values.
func lookupPath(doc any, path string) (string, error) {
	segs := strings.Split(path, ".")
	v := doc
	for i, seg := range segs {
		var ok bool
		switch x := v.(type) {
		case map[string]any:
			v, ok = x[seg]
		case []any:
			n, err := strconv.Atoi(seg)
			if ok = err == nil && n >= 0 && n < len(x); ok {
				v = x[n]
			}
		}
		if !ok {
			return "", fmt.Errorf("the answer has no %s", strings.Join(segs[:i+1], "."))
		}
	}
	switch x := v.(type) {
	case string:
		if x == "" {
			return "", fmt.Errorf("%s in the answer is empty", path)
		}
		return x, nil
	case json.Number:
		return x.String(), nil
	}
	return "", fmt.Errorf("%s in the answer is not a string", path)
}

// topKeys lists an object's member names, sorted.
func topKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
