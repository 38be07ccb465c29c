package flows

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TokenRequest is a token request (RFC 6749 §3.2): a grant, the client's
// credentials and authentication method, and the parameters every grant
// shares.
type TokenRequest struct {
	TokenURL     string
	Grant        Grant // nil means ClientCredentials
	ClientID     string
	ClientSecret string
	AuthMethod   AuthMethod // AuthBasic when empty
	// BasicEncoding is how client_secret_basic encodes id and secret:
	// BasicForm (RFC 6749 §2.3.1, the default) or BasicRaw.
	BasicEncoding BasicEncoding
	// Key signs private_key_jwt client assertions (and JWT-bearer grant
	// assertions when the grant has no key of its own).
	Key *SigningKey
	// AssertionAudience is a client assertion's aud; empty means the token
	// endpoint (RFC 7523 §3; some servers want the issuer instead).
	AssertionAudience string
	// Cert is the TLS client certificate for tls_client_auth and
	// self_signed_tls_client_auth (RFC 8705); RequestToken presents it.
	Cert *tls.Certificate
	// DPoP, when set, sends a DPoP proof and asks for a bound token
	// (RFC 9449).
	DPoP     *DPoP
	Scopes   []string
	Audience string
	Resource []string   // RFC 8707 resource indicators
	Extra    url.Values // further form parameters
}

// Token is a parsed token response (RFC 6749 §5.1).
type Token struct {
	AccessToken  string
	TokenType    string
	ExpiresIn    int64 // seconds; 0 when the server sent none
	HasExpiresIn bool
	RefreshToken string
	Scope        string    // as granted; empty when the server did not say
	ReceivedAt   time.Time // when the answer arrived
	ExpiresAt    time.Time // ReceivedAt + ExpiresIn; zero when unknown
	Fields       map[string]any
}

// At returns t as received at when: ReceivedAt and ExpiresAt move
// together. Programs that run on a clock other than the wall clock (fixed
// for screenshots and tests) use it so that countdowns agree with it.
func (t Token) At(when time.Time) Token {
	if t.HasExpiresIn {
		t.ExpiresAt = when.Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	t.ReceivedAt = when
	return t
}

// IsBearer reports whether the token type is "Bearer", in any case.
func (t Token) IsBearer() bool { return strings.EqualFold(t.TokenType, "bearer") }

// GrantedScopes returns the scopes the server granted, or nil when it did
// not say (which RFC 6749 §5.1 allows when they equal those asked for).
func (t Token) GrantedScopes() []string { return strings.Fields(t.Scope) }

// Form builds the grant's form parameters (grant_type, the grant's own,
// then scope, audience, resource and extra); client credentials are added by
// the authentication method.
func (r TokenRequest) Form() url.Values {
	g := grantOrDefault(r.Grant)
	f := url.Values{"grant_type": {string(g.Type())}}
	g.Params(f)
	if len(r.Scopes) > 0 {
		f.Set("scope", strings.Join(r.Scopes, " "))
	}
	if r.Audience != "" {
		f.Set("audience", r.Audience)
	}
	for _, res := range r.Resource {
		f.Add("resource", res)
	}
	for k, vs := range r.Extra {
		for _, v := range vs {
			f.Add(k, v)
		}
	}
	return f
}

// encodeForm is url.Values.Encode with grant_type first, for readability.
func encodeForm(f url.Values) string {
	keys := make([]string, 0, len(f))
	for k := range f {
		if k != "grant_type" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if _, ok := f["grant_type"]; ok {
		keys = append([]string{"grant_type"}, keys...)
	}
	var parts []string
	for _, k := range keys {
		for _, v := range f[k] {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	return strings.Join(parts, "&")
}

// TokenHTTPRequest builds the HTTP request for r, for Send.
func (r TokenRequest) TokenHTTPRequest() Request {
	if p, ok := r.Grant.(grantPreparer); ok {
		r.Grant = p.prepare(r)
	}
	req := r.Client().formRequest("token", r.TokenURL, r.Form())
	req.Secrets = append(req.Secrets, grantOrDefault(r.Grant).Secrets()...)
	if r.DPoP != nil {
		r.DPoP.apply(req.Header, req.Method, r.TokenURL, r.DPoP.nonce(), "", &req.Secrets)
	}
	return req
}

// Client is r's client authentication, for the token endpoint and for
// introspection and revocation.
func (r TokenRequest) Client() ClientAuth {
	return ClientAuth{ID: r.ClientID, Secret: r.ClientSecret, Method: r.AuthMethod, Key: r.Key,
		AssertionAudience: r.AssertionAudience, BasicEncoding: r.BasicEncoding, Cert: r.Cert}
}

// RequestToken performs r's grant (client credentials, RFC 6749 §4.4, by
// default) and parses the answer tolerantly: expires_in as a number or a string,
// token_type in any case, JSON or form-encoded bodies. A 200 whose body
// carries "error" is an error. Errors are *OAuthError unless no response
// arrived. The exchange is returned in every case.
func RequestToken(ctx context.Context, hc *http.Client, r TokenRequest) (Token, Exchange, error) {
	if err := r.validate(); err != nil {
		return Token{}, Exchange{Label: "token", Method: http.MethodPost, URL: r.TokenURL}, err
	}
	ex, err := Send(ctx, WithClientCertificate(hc, r.Cert), r.TokenHTTPRequest())
	if err != nil {
		return Token{}, ex, fmt.Errorf("token request: %w", err)
	}
	if nonce, ok := DPoPNonce(ex); ok && r.DPoP != nil {
		r.DPoP.SetNonce(nonce) // the next request sends it (RFC 9449 §8)
	}
	tok, err := ParseTokenResponse(ex)
	if tok.AccessToken != "" {
		ex.Secrets = append(ex.Secrets, Secret{Name: "ACCESS_TOKEN", Value: tok.AccessToken})
	}
	if tok.RefreshToken != "" {
		ex.Secrets = append(ex.Secrets, Secret{Name: "REFRESH_TOKEN", Value: tok.RefreshToken})
	}
	if id := stringField(tok.Fields, "id_token"); id != "" {
		ex.Secrets = append(ex.Secrets, Secret{Name: "ID_TOKEN", Value: id})
	}
	return tok, ex, err
}

func (r TokenRequest) validate() error {
	u, err := url.Parse(r.TokenURL)
	switch {
	case r.TokenURL == "":
		return &ConfigError{Msg: "no token URL: give --token-url, or --issuer to discover it"}
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return &ConfigError{Msg: fmt.Sprintf("token URL %q is not an absolute http(s) URL", r.TokenURL)}
	case r.ClientID == "":
		return &ConfigError{Msg: "no client id"}
	}
	if _, ok := NormalizeAuth(r.AuthMethod); !ok {
		return &ConfigError{Msg: fmt.Sprintf("unknown auth method %q (use %s)", r.AuthMethod, AuthMethodsText())}
	}
	if err := r.Client().Check(); err != nil {
		return err
	}
	return grantOrDefault(r.Grant).Validate()
}

// ConfigError is a problem with what the person asked for, found before
// any request was made.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

// ParseTokenResponse reads a token endpoint answer (RFC 6749 §5.1, §5.2).
func ParseTokenResponse(ex Exchange) (Token, error) {
	if err := answerError("token", ex); err != nil {
		return Token{}, err
	}
	fields, err := parseFields(ex.ResponseBody, ex.ContentType())
	if err != nil {
		return Token{}, fmt.Errorf("token response: %w", err)
	}
	return tokenFromFields(fields, ex.Started.Add(ex.Duration))
}

func tokenFromFields(fields map[string]any, received time.Time) (Token, error) {
	t := Token{Fields: fields, ReceivedAt: received,
		AccessToken: stringField(fields, "access_token"), TokenType: stringField(fields, "token_type"),
		RefreshToken: stringField(fields, "refresh_token"), Scope: stringField(fields, "scope")}
	if err := ValidateTokenFields(fields); err != nil {
		return t, err
	}
	if t.AccessToken == "" {
		return t, fmt.Errorf("token response: %w", ErrNoAccessToken)
	}
	if _, present := fields["expires_in"]; present {
		n, err := flexibleSeconds(fields["expires_in"])
		if err != nil {
			return t, fmt.Errorf("token response: expires_in: %w", err)
		}
		t.ExpiresIn, t.HasExpiresIn = n, true
		t.ExpiresAt = received.Add(time.Duration(n) * time.Second)
	}
	return t, nil
}

// flexibleSeconds accepts expires_in as a JSON number or a numeric string
// (some servers send "3600").
func flexibleSeconds(v any) (int64, error) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case nil:
		return 0, fmt.Errorf("is null")
	default:
		return 0, fmt.Errorf("is %T, not a number", v)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > math.MaxInt32*10 || math.IsNaN(f) {
		return 0, fmt.Errorf("%q is not a number of seconds", s)
	}
	return int64(f), nil
}
