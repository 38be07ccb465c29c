package demo

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// maxFormBytes caps the body of a form request.
const maxFormBytes = 64 << 10

// readForm parses an application/x-www-form-urlencoded POST body
// (RFC 6749 §3.2) and returns its parameters; query parameters are ignored.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, *oauthError) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, badRequest(errInvalidRequest,
			"the request body must be application/x-www-form-urlencoded, got Content-Type '%s'",
			r.Header.Get("Content-Type"))
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return nil, badRequest(errInvalidRequest, "the form body could not be parsed: %v", err)
	}
	return r.PostForm, nil
}

// param returns a single-valued parameter; an empty value counts as absent
// and a repeated parameter is an error (RFC 6749 §3.1).
func param(form url.Values, name string) (string, *oauthError) {
	vals := form[name]
	if len(vals) > 1 {
		return "", badRequest(errInvalidRequest, "parameter %s is repeated; send it once", name)
	}
	if len(vals) == 0 {
		return "", nil
	}
	return vals[0], nil
}

// authenticateClient authenticates the client of a token, introspection or
// revocation request with client_secret_basic or client_secret_post
// (RFC 6749 §2.3.1), refusing requests that use both, or identifies a
// public client by its client_id alone (none, RFC 7591 §2).
func (s *Server) authenticateClient(r *http.Request, form url.Values) (Client, *oauthError) {
	if _, ok := form["client_assertion_type"]; ok {
		return s.assertionClient(r, form) // clientassertion.go
	}
	postID, e1 := param(form, "client_id")
	postSecret, e2 := param(form, "client_secret")
	if e := firstError(e1, e2); e != nil {
		return Client{}, e
	}
	id, secret, hasBasic, err := basicCredentials(r)
	switch {
	case hasBasic && postSecret != "":
		return Client{}, badRequest(errInvalidRequest,
			"the client used both client_secret_basic and client_secret_post; use only one (RFC 6749 section 2.3)")
	case hasBasic && err != nil:
		return Client{}, invalidClient("%v", err)
	case hasBasic && postID != "" && postID != id:
		return Client{}, badRequest(errInvalidRequest,
			"client_id '%s' in the body does not match '%s' in the Authorization header", postID, id)
	case hasBasic:
		return s.verifyClient(id, secret, AuthClientSecretBasic)
	case postID != "" && postSecret == "":
		return s.publicClient(r, postID)
	case postID != "":
		return s.verifyClient(postID, postSecret, AuthClientSecretPost)
	case postSecret != "":
		return Client{}, invalidClient("client_secret was sent without client_id")
	}
	return Client{}, invalidClient(
		"client authentication is required: use client_secret_basic or client_secret_post")
}

// publicClient identifies a client that sent its client_id and no secret:
// a mutual-TLS client by its certificate (RFC 8705), else a client
// registered with the none method.
func (s *Server) publicClient(r *http.Request, id string) (Client, *oauthError) {
	if c, ok := s.client(id); ok && c.allowsTLS() {
		return s.tlsClient(r, c) // clientauth_tls.go
	}
	if c, ok := s.client(id); ok && slices.Contains(c.AuthMethods, AuthNone) {
		return c, nil
	}
	return Client{}, invalidClient("client_secret is missing for client '%s'", id)
}

// firstError returns the first non-nil error.
func firstError(errs ...*oauthError) *oauthError {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// verifyClient checks that the client exists, may use method and has the
// given secret.
func (s *Server) verifyClient(id, secret, method string) (Client, *oauthError) {
	c, ok := s.client(id)
	if !ok {
		if e, on := s.staleClientError(id); on { // faults_recovery.go
			return Client{}, e
		}
		return Client{}, invalidClient("unknown client '%s'", id)
	}
	if !c.allows(method) {
		return Client{}, invalidClient("client '%s' may not use %s; it must authenticate with %s",
			id, method, strings.Join(c.AuthMethods, " or "))
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
		return Client{}, invalidClient("the client secret is wrong for client '%s'", id)
	}
	return c, nil
}

// basicCredentials decodes client_secret_basic credentials: base64 of
// urlencode(id) ":" urlencode(secret) (RFC 6749 §2.3.1). hasBasic reports
// whether the request carried a Basic Authorization header at all.
func basicCredentials(r *http.Request) (id, secret string, hasBasic bool, err error) {
	scheme, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Basic") {
		return "", "", false, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
	if err != nil {
		return "", "", true, errors.New("the Basic credentials are not valid base64")
	}
	encID, encSecret, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", "", true, errors.New("the Basic credentials have no ':' between client id and secret")
	}
	if id, err = formUnescape("client id", encID); err != nil {
		return "", "", true, err
	}
	secret, err = formUnescape("client secret", encSecret)
	return id, secret, true, err
}

// formUnescape undoes the form-urlencoding of one Basic credential part.
func formUnescape(what, s string) (string, error) {
	out, err := url.QueryUnescape(s)
	if err != nil {
		return "", fmt.Errorf("the %s in the Basic credentials is not form-urlencoded "+
			"(RFC 6749 section 2.3.1 says to urlencode id and secret before base64): %v", what, err)
	}
	return out, nil
}
