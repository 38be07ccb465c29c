package walk

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// IssuerMismatchError stops a walk before any credential is sent: the
// metadata document names another issuer than the one asked for (RFC 8414
// §3.3, OpenID Connect Discovery §4.3). Sending the client's credentials to
// the endpoints of such a document is the mix-up attack (RFC 9700 §4.4).
type IssuerMismatchError struct {
	Asked    string // the issuer asked for
	Document string // the issuer the document names (sanitised)
	URL      string // the document that answered
}

// Error implements error.
func (e *IssuerMismatchError) Error() string {
	return fmt.Sprintf("the metadata at %s names issuer %q, not %q: no credentials were sent "+
		"(RFC 8414 §3.3; a server that answers for another issuer is the mix-up attack, RFC 9700 §4.4)",
		flows.Sanitize(e.URL), e.Document, flows.Sanitize(e.Asked))
}

// Unwrap makes the error flows.ErrIssuerMismatch for errors.Is.
func (e *IssuerMismatchError) Unwrap() error { return flows.ErrIssuerMismatch }

// Warning is something doubtful about where a request goes, said before it
// is sent.
type Warning struct {
	Code    WarningCode
	Message string
}

// WarningCode names a kind of Warning.
type WarningCode string

// Warning codes.
const (
	// WarnOtherHost: credentials go to another host or port than the
	// issuer's (allowed by RFC 8414, but the classic mix-up).
	WarnOtherHost WarningCode = "other_host"
	// WarnPlainHTTP: a secret would cross the network unencrypted.
	WarnPlainHTTP WarningCode = "plain_http"
	// WarnIssuerMismatchAllowed: the person chose to go on despite an
	// issuer mismatch.
	WarnIssuerMismatchAllowed WarningCode = "issuer_mismatch_allowed"
)

// CheckIssuer returns an *IssuerMismatchError when the discovery's
// document names another issuer than the one asked for, unless allow is
// set (--allow-issuer-mismatch), in which case it returns a loud warning.
// It is the one check every front-end makes before it uses a document's
// endpoints with credentials or its jwks_uri to verify a token.
func CheckIssuer(d *flows.Discovery, allow bool) (*Warning, error) {
	if d == nil || !hasProblem(d, "issuer_mismatch") {
		return nil, nil
	}
	e := &IssuerMismatchError{Asked: d.Asked, Document: flows.Sanitize(d.Metadata.Issuer), URL: d.URL}
	if !allow {
		return nil, e
	}
	return &Warning{Code: WarnIssuerMismatchAllowed, Message: "WARNING: --allow-issuer-mismatch: " + e.Error() +
		"; going on anyway, as asked: this is exactly what an attacker who answers for another server wants"}, nil
}

// Destination returns the warnings about sending credentials to endpoint
// for the issuer: another host or port than the issuer's, or plain http://
// to a host that is not loopback. issuer may be empty (a token URL given
// directly): then only the scheme is judged.
func Destination(what, endpoint, issuer string) []Warning {
	var ws []Warning
	if flows.InsecureURL(endpoint) {
		ws = append(ws, Warning{Code: WarnPlainHTTP, Message: fmt.Sprintf(
			"%s %s is plain http:// to a host that is not loopback: the credentials cross the network unencrypted",
			what, flows.Sanitize(endpoint))})
	}
	eh, ih := hostPort(endpoint), hostPort(issuer)
	if eh != "" && ih != "" && !strings.EqualFold(eh, ih) {
		ws = append(ws, Warning{Code: WarnOtherHost, Message: fmt.Sprintf(
			"%s is on %s, not on the issuer's host %s: check that this server is meant to receive the credentials "+
				"(RFC 8414 allows it; it is also how a mix-up looks)", what, flows.Sanitize(eh), flows.Sanitize(ih))})
	}
	return ws
}

// hostPort is a URL's host and port, the port made explicit; "" when raw
// is not an absolute URL.
func hostPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

func hasProblem(d *flows.Discovery, code string) bool {
	for _, p := range d.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}
