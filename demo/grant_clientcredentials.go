package demo

import (
	"net/http"
	"net/url"
)

// grantClientCredentials is the grant_type of RFC 6749 §4.4.
const grantClientCredentials = "client_credentials"

// clientCredentials handles grant_type=client_credentials (RFC 6749 §4.4):
// only a confidential client may use it (§4.4), and it has no parameters
// of its own besides scope, audience and resource.
func (s *Server) clientCredentials(r *http.Request, c Client, form url.Values) (tokenRequest, *oauthError) {
	if c.public() {
		return tokenRequest{}, badRequest(
			errUnauthorizedClient,
			"client '%s' is a public client (auth method none); the client_credentials grant needs a confidential client "+
				"(RFC 6749 section 4.4)",
			c.ID,
		)
	}
	return commonParams(r, c, form)
}
