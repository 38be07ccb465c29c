package flows

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Introspection is an RFC 7662 §2.2 answer.
type Introspection struct {
	Active    bool
	Scope     string
	ClientID  string
	Subject   string
	TokenType string
	ExpiresAt time.Time // zero when the server did not say
	Fields    map[string]any
}

// Introspect asks the server whether a token is active (RFC 7662 §2.1).
// hint is an optional token_type_hint ("access_token").
func Introspect(
	ctx context.Context,
	hc *http.Client,
	endpoint string,
	c ClientAuth,
	token, hint string,
) (Introspection, Exchange, error) {
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	r := c.formRequest("introspect", endpoint, form)
	r.Secrets = append(r.Secrets, Secret{Name: "ACCESS_TOKEN", Value: token})
	ex, err := Send(ctx, hc, r)
	if err != nil {
		return Introspection{}, ex, fmt.Errorf("introspection: %w", err)
	}
	if err := answerError("introspection", ex); err != nil {
		return Introspection{}, ex, err
	}
	fields, err := parseFields(ex.ResponseBody, ex.ContentType())
	if err != nil {
		return Introspection{}, ex, fmt.Errorf("introspection: %w", err)
	}
	in := Introspection{Fields: fields, Scope: stringField(fields, "scope"), ClientID: stringField(fields, "client_id"),
		Subject: stringField(fields, "sub"), TokenType: stringField(fields, "token_type")}
	in.Active, _ = fields["active"].(bool)
	if n, err := flexibleSeconds(fields["exp"]); err == nil && n > 0 {
		in.ExpiresAt = time.Unix(n, 0)
	}
	return in, ex, nil
}

// Revoke asks the server to revoke a token (RFC 7009 §2.1). The server
// answers 200 whether or not the token was valid (§2.2).
func Revoke(ctx context.Context, hc *http.Client, endpoint string, c ClientAuth, token, hint string) (Exchange, error) {
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	r := c.formRequest("revoke", endpoint, form)
	r.Secrets = append(r.Secrets, Secret{Name: "ACCESS_TOKEN", Value: token})
	ex, err := Send(ctx, hc, r)
	if err != nil {
		return ex, fmt.Errorf("revocation: %w", err)
	}
	return ex, endpointError("revocation", ex)
}

// endpointError returns an *OAuthError for an error status or an error body.
func endpointError(step string, ex Exchange) error {
	if e := newOAuthError(step, ex); e.Code != "" || !ex.OK() {
		return e
	}
	return nil
}
