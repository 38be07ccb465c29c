package demo

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Token exchange (RFC 8693).
const (
	grantTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
	tokenTypeAccess    = "urn:ietf:params:oauth:token-type:access_token"
	tokenTypeJWT       = "urn:ietf:params:oauth:token-type:jwt"
)

// tokenExchange handles grant_type=token-exchange (RFC 8693 §2.1): the
// subject token (and the actor token, for delegation) must be access
// tokens this server issued. The new token is for the subject; with an
// actor it carries act (§4.1). Public clients may use it.
func (s *Server) tokenExchange(r *http.Request, c Client, form url.Values) (tokenRequest, *oauthError) {
	subject, e := s.exchangedToken(r, form, "subject_token", true)
	if e != nil {
		return tokenRequest{}, e
	}
	actor, e := s.exchangedToken(r, form, "actor_token", false)
	if e != nil {
		return tokenRequest{}, e
	}
	if rt, _ := param(form, "requested_token_type"); rt != "" && rt != tokenTypeAccess && rt != tokenTypeJWT {
		return tokenRequest{}, badRequest(errInvalidRequest,
			"requested_token_type '%s' cannot be issued here; ask for %s", rt, tokenTypeAccess)
	}
	req, e := commonParams(r, c, form)
	if e != nil {
		return tokenRequest{}, e
	}
	req.scopes = slices.DeleteFunc(req.scopes, func(sc string) bool { return !subject.hasScope(sc) })
	if len(req.scopes) == 0 {
		return tokenRequest{}, badRequest(errInvalidScope,
			"the subject token has scope '%s': the new token can have no more than that", subject.Scope)
	}
	req.sub, req.issued = subject.Subject, tokenTypeAccess
	if actor != nil {
		req.act = map[string]any{"sub": actor.Subject}
		if actor.Act != nil { // a chain of delegation (§4.1)
			req.act["act"] = actor.Act
		}
	}
	return req, nil
}

// exchangedToken verifies the subject_token or actor_token parameter and
// its *_token_type. A missing optional token is (nil, nil).
func (s *Server) exchangedToken(r *http.Request, form url.Values, name string, required bool) (*accessClaims,
	*oauthError) {
	raw, e1 := param(form, name)
	typ, e2 := param(form, name+"_type")
	if e := firstError(e1, e2); e != nil {
		return nil, e
	}
	switch {
	case raw == "" && required:
		return nil, badRequest(errInvalidRequest, "%s is missing (RFC 8693 section 2.1)", name)
	case raw == "" && typ != "":
		return nil, badRequest(errInvalidRequest, "%s_type was sent without %s", name, name)
	case raw == "":
		return nil, nil
	case typ == "":
		return nil, badRequest(errInvalidRequest, "%s_type is missing (RFC 8693 section 2.1)", name)
	case typ != tokenTypeAccess && typ != tokenTypeJWT:
		return nil, badRequest(errInvalidRequest, "%s_type '%s' is not accepted here; use %s", name, typ,
			strings.Join([]string{tokenTypeAccess, tokenTypeJWT}, " or "))
	}
	claims, err := s.verify(raw, issuerOf(r))
	if err != nil {
		return nil, badRequest(errInvalidGrant, "the %s is not valid: %v", name, err)
	}
	return claims, nil
}
