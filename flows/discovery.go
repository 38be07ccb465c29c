package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Discovery styles: which well-known documents to try.
const (
	StyleAuto    = "auto"
	StyleOIDC    = "openid-configuration"
	StyleRFC8414 = "oauth-authorization-server"
)

// Forms of well-known URL, reported in Discovery.Form.
const (
	FormOIDC          = "openid-configuration"   // {issuer}/.well-known/openid-configuration
	FormPathInsertion = "rfc8414-path-insertion" // https://host/.well-known/oauth-authorization-server/{path}
	FormAppended      = "rfc8414-appended"       // {issuer}/.well-known/oauth-authorization-server (Okta)
	FormGiven         = "given"                  // a full .well-known URL used as given
)

// Metadata is the part of an authorization server's metadata (RFC 8414 §2,
// OpenID Connect Discovery 1.0 §3) that oauthlens uses. Raw keeps every
// field as received.
type Metadata struct {
	Issuer                            string   `json:"issuer"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	RegistrationEndpoint              string   `json:"registration_endpoint"`
	IntrospectionEndpoint             string   `json:"introspection_endpoint"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	// ClientIDMetadataDocumentSupported: the server takes client ids that
	// are URLs of client metadata documents (CIMD, flows/cimd.go).
	ClientIDMetadataDocumentSupported bool           `json:"client_id_metadata_document_supported"`
	Raw                               map[string]any `json:"-"`
}

// Problem is something wrong or doubtful found in metadata.
type Problem struct {
	Severity Severity // SeverityError or SeverityWarning
	Code     string   // stable identifier, e.g. "issuer_mismatch"
	Message  string
}

// Attempt is one well-known URL tried.
type Attempt struct {
	Form     string
	URL      string
	Status   int
	Err      string
	Duration time.Duration // time spent on this URL, the body included
}

// Discovery is the result of Discover.
type Discovery struct {
	Asked    string // the issuer or URL given
	URL      string // the document that answered
	Form     string
	Metadata Metadata
	Problems []Problem
	Attempts []Attempt
}

// WellKnown is a well-known URL to try, with its form and the issuer it
// stands for.
type WellKnown struct{ Form, URL, Issuer string }

// WellKnownURLs lists the documents to try for an issuer, in order. A URL
// that already contains "/.well-known/" is used as given.
func WellKnownURLs(target, style string) ([]WellKnown, error) {
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ConfigError{Msg: fmt.Sprintf("%q is not an absolute http(s) URL", target)}
	}
	if i := strings.Index(u.Path, "/.well-known/"); i >= 0 {
		return []WellKnown{{FormGiven, u.String(), issuerFromWellKnown(u, i)}}, nil
	}
	// The URLs are built from the issuer without a terminating "/" (RFC 8414
	// §3.1), but the issuer expected in the document is the one given, so
	// that "https://host/" matching "https://host/" draws no warning.
	issuer, given := strings.TrimSuffix(u.String(), "/"), u.String()
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	origin := u.Scheme + "://" + u.Host
	oidc := WellKnown{FormOIDC, issuer + "/.well-known/openid-configuration", given}
	insert := WellKnown{FormPathInsertion, origin + "/.well-known/oauth-authorization-server" + path, given}
	appended := WellKnown{FormAppended, issuer + "/.well-known/oauth-authorization-server", given}
	var out []WellKnown
	switch style {
	case StyleOIDC:
		out = []WellKnown{oidc}
	case StyleRFC8414:
		out = []WellKnown{insert, appended}
	case "", StyleAuto:
		out = []WellKnown{oidc, insert, appended}
	default:
		return nil, &ConfigError{
			Msg: fmt.Sprintf("unknown discovery style %q (auto, %s, %s)", style, StyleOIDC, StyleRFC8414),
		}
	}
	if path == "" { // insertion and appended forms are the same URL
		out = slices.DeleteFunc(out, func(c WellKnown) bool {
			return c.Form == FormAppended // the same URL as the insertion form
		})
	}
	return out, nil
}

// issuerFromWellKnown derives the issuer a well-known URL stands for.
func issuerFromWellKnown(u *url.URL, i int) string {
	origin := u.Scheme + "://" + u.Host
	before, after := u.Path[:i], u.Path[i+len("/.well-known/"):]
	if name, rest, ok := strings.Cut(after, "/"); ok && name != "" { // path insertion form
		return origin + "/" + rest
	}
	return origin + before // appended form, or no path
}

// Discover fetches the authorization server's metadata, trying the
// well-known forms in order until one answers with a JSON document. It
// returns every exchange made. The issuer in the document must equal the
// issuer asked for (RFC 8414 §3.3); a mismatch and other doubtful points
// come back as Problems, not errors.
//
// The time limit covers the whole discovery, not each URL: the earlier of
// ctx's deadline and hc.Timeout (DefaultTimeout when neither is set) is one
// budget shared by every well-known URL tried, so a server that stalls
// can't make discovery take three times the limit. A *DiscoveryError says
// how long each URL took and which were not tried.
func Discover(ctx context.Context, hc *http.Client, target, style string) (Discovery, []Exchange, error) {
	d := Discovery{Asked: target}
	cands, err := WellKnownURLs(target, style)
	if err != nil {
		return d, nil, err
	}
	budget := effectiveTimeout(ctx, hc, 0)
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	start := time.Now()
	var exs []Exchange
	var lastErr error
	for i, c := range cands {
		if i > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) { // the budget is spent: the rest are not tried
			return d, exs, newDiscoveryError(d.Attempts, lastErr, budget, start, cands[i:])
		}
		ex, md, err := fetchMetadata(ctx, hc, c.URL)
		exs = append(exs, ex)
		d.Attempts = append(d.Attempts, Attempt{Form: c.Form, URL: c.URL, Status: ex.Status, Err: errText(err),
			Duration: ex.Duration})
		if err == nil {
			d.URL, d.Form, d.Metadata = c.URL, c.Form, md
			d.Problems = CheckMetadata(md, c.Issuer)
			return d, exs, nil
		}
		lastErr = err
		if ex.Status == 0 { // no answer at all: the other forms are on the same host
			break
		}
	}
	return d, exs, newDiscoveryError(d.Attempts, lastErr, budget, start, nil)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// DiscoveryError says that no well-known document answered; it lists
// every URL tried, why each failed and how long it took, and the URLs not
// tried because the time budget was spent.
type DiscoveryError struct {
	Attempts []Attempt
	Last     error
	Budget   time.Duration // the time allowed for the whole discovery
	Spent    time.Duration // the time it took
	NotTried []string      // URLs left when the budget ran out
}

func newDiscoveryError(as []Attempt, last error, budget time.Duration, start time.Time,
	left []WellKnown) *DiscoveryError {
	e := &DiscoveryError{Attempts: as, Last: last, Budget: budget, Spent: time.Since(start)}
	for _, c := range left {
		e.NotTried = append(e.NotTried, c.URL)
	}
	return e
}

// TimedOut reports whether discovery ran out of time.
func (e *DiscoveryError) TimedOut() bool {
	var te *TimeoutError
	return len(e.NotTried) > 0 || errors.As(e.Last, &te)
}

func (e *DiscoveryError) Error() string {
	var b strings.Builder
	b.WriteString("discovery failed")
	if e.TimedOut() && e.Budget > 0 {
		fmt.Fprintf(&b, " after %s (the time limit of %s covers every well-known URL tried)",
			roundDuration(e.Spent), e.Budget)
	}
	b.WriteString(": ")
	for i, a := range e.Attempts {
		if i > 0 {
			b.WriteString("; ")
		}
		if !strings.Contains(a.Err, a.URL) {
			b.WriteString(a.URL + ": ")
		}
		b.WriteString(a.Err)
		if a.Duration > 0 && (e.TimedOut() || a.Status == 0) {
			fmt.Fprintf(&b, " (%s spent)", roundDuration(a.Duration))
		}
	}
	if len(e.NotTried) > 0 {
		b.WriteString("; not tried, no time left: " + strings.Join(e.NotTried, ", "))
	}
	return SanitizeLine(b.String())
}

// roundDuration rounds to milliseconds below a second and to 10 ms above.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}

func (e *DiscoveryError) Unwrap() error { return e.Last }

func fetchMetadata(ctx context.Context, hc *http.Client, u string) (Exchange, Metadata, error) {
	ex, err := Send(ctx, hc, Request{Label: "discovery", Method: http.MethodGet, URL: u,
		Header: http.Header{"Accept": {"application/json"}}})
	if err != nil {
		return ex, Metadata{}, err
	}
	if !ex.OK() {
		return ex, Metadata{}, newOAuthError("", ex) // DiscoveryError names the step
	}
	if err := bodyTooLarge("the metadata", ex, MaxProtocolBody); err != nil {
		return ex, Metadata{}, err
	}
	md, err := ParseMetadata(ex.ResponseBody, ex.ContentType())
	return ex, md, err
}

// ParseMetadata decodes a metadata document.
func ParseMetadata(body []byte, contentType string) (Metadata, error) {
	var md Metadata
	if err := json.Unmarshal(body, &md.Raw); err != nil || md.Raw == nil {
		if err == nil {
			err = fmt.Errorf("null")
		}
		return md, describeJSONError(body, contentType, err)
	}
	if err := json.Unmarshal(body, &md); err != nil {
		return md, fmt.Errorf("metadata has a field of the wrong type: %v", err)
	}
	return md, nil
}

// CheckMetadata reports problems in a metadata document: an issuer that
// differs from the one asked for, no token endpoint, client_credentials
// not among the grant types, plain http:// endpoints on a non-loopback host.
func CheckMetadata(md Metadata, expectIssuer string) []Problem {
	var ps []Problem
	add := func(sev Severity, code, format string, args ...any) {
		ps = append(ps, Problem{sev, code, fmt.Sprintf(format, args...)}) // %q escapes server text
	}
	if expectIssuer != "" && strings.TrimSuffix(md.Issuer, "/") != strings.TrimSuffix(expectIssuer, "/") {
		add(SeverityError, "issuer_mismatch", "the document says issuer %q but %q was asked for (RFC 8414 §3.3: "+
			"they must be identical); tokens will carry the document's issuer", md.Issuer, expectIssuer)
	} else if md.Issuer != expectIssuer && expectIssuer != "" {
		add(SeverityWarning, "issuer_trailing_slash", "the issuer %q differs from %q only by a trailing slash; "+
			"some libraries reject that", md.Issuer, expectIssuer)
	}
	if md.TokenEndpoint == "" {
		add(SeverityError, "no_token_endpoint", "the document has no token_endpoint")
	}
	if len(md.GrantTypesSupported) > 0 && !slices.Contains(md.GrantTypesSupported, "client_credentials") {
		add(SeverityWarning, "no_client_credentials", "grant_types_supported (%s) does not list client_credentials",
			SanitizeLine(strings.Join(md.GrantTypesSupported, ", ")))
	}
	for _, e := range []struct{ name, url string }{{"issuer", md.Issuer}, {"token_endpoint", md.TokenEndpoint},
		{"jwks_uri", md.JWKSURI}, {"registration_endpoint", md.RegistrationEndpoint},
		{"introspection_endpoint", md.IntrospectionEndpoint}, {"revocation_endpoint", md.RevocationEndpoint}} {
		if InsecureURL(e.url) {
			add(SeverityWarning, "insecure_endpoint", "%s %s uses plain http:// on a non-loopback host: "+
				"secrets would cross the network unencrypted", e.name, SanitizeLine(e.url))
		}
	}
	return ps
}

// InsecureURL reports whether u is http:// to a host that is not loopback.
func InsecureURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" {
		return false
	}
	return !IsLoopback(p.Hostname())
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
