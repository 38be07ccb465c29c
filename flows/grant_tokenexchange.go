package flows

import (
	"net/url"
	"strings"
)

// GrantTokenExchange is RFC 8693 token exchange.
const GrantTokenExchange GrantType = "urn:ietf:params:oauth:grant-type:token-exchange"

// tokenTypePrefix starts the token type URIs of RFC 8693 §3.
const tokenTypePrefix = "urn:ietf:params:oauth:token-type:"

// TokenTypes are the short names of the RFC 8693 §3 token type URIs.
var TokenTypes = []string{"access_token", "refresh_token", "id_token", "jwt", "saml1", "saml2"}

// TokenTypeURI expands a short token type ("access_token", "jwt", …) to
// its URI; a URI (or anything else) is returned as given.
func TokenTypeURI(s string) string {
	for _, t := range TokenTypes {
		if strings.EqualFold(s, t) {
			return tokenTypePrefix + t
		}
	}
	return s
}

// TokenExchange is the token exchange grant (RFC 8693 §2.1): the client
// trades a subject token (and, for delegation, an actor token) for a new
// token, for the audience or resource of TokenRequest.
type TokenExchange struct {
	SubjectToken, SubjectTokenType string
	ActorToken, ActorTokenType     string // optional (delegation, §1.1)
	RequestedTokenType             string // optional
}

// Type implements Grant.
func (TokenExchange) Type() GrantType { return GrantTokenExchange }

// Params implements Grant (RFC 8693 §2.1).
func (g TokenExchange) Params(form url.Values) {
	form.Set("subject_token", g.SubjectToken)
	form.Set("subject_token_type", TokenTypeURI(g.SubjectTokenType))
	if g.ActorToken != "" {
		form.Set("actor_token", g.ActorToken)
		form.Set("actor_token_type", TokenTypeURI(g.ActorTokenType))
	}
	if g.RequestedTokenType != "" {
		form.Set("requested_token_type", TokenTypeURI(g.RequestedTokenType))
	}
}

// Secrets implements Grant: the subject and actor tokens are credentials.
func (g TokenExchange) Secrets() []Secret {
	out := []Secret{{Name: "SUBJECT_TOKEN", Value: g.SubjectToken}}
	if g.ActorToken != "" {
		out = append(out, Secret{Name: "ACTOR_TOKEN", Value: g.ActorToken})
	}
	return out
}

// Validate implements Grant.
func (g TokenExchange) Validate() error {
	switch {
	case g.SubjectToken == "":
		return &ConfigError{Msg: "token exchange needs the subject token: give --subject-token REF"}
	case g.SubjectTokenType == "":
		return &ConfigError{Msg: "token exchange needs --subject-token-type (access_token, jwt, id_token, … or a URI)"}
	case g.ActorToken != "" && g.ActorTokenType == "":
		return &ConfigError{Msg: "--actor-token needs --actor-token-type (RFC 8693 §2.1)"}
	}
	return nil
}
