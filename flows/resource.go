package flows

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ResourceMetadataWellKnown is the well-known suffix of protected resource
// metadata (RFC 9728 §3).
const ResourceMetadataWellKnown = "/.well-known/oauth-protected-resource"

// ResourceMetadata is an OAuth 2.0 protected resource metadata document
// (RFC 9728 §2).
type ResourceMetadata struct {
	Resource             string   `json:"resource"`
	AuthorizationServers []string `json:"authorization_servers"`
	ScopesSupported      []string `json:"scopes_supported"`
	BearerMethods        []string `json:"bearer_methods_supported"`
	ResourceName         string   `json:"resource_name"`
	Raw                  map[string]any
}

// ResourceDiscovery is what DiscoverResource found: the document, where it
// came from (the API's challenge, or the well-known URL) and its problems.
type ResourceDiscovery struct {
	Asked    string // the API URL given
	URL      string // the metadata document's URL
	Via      string // "WWW-Authenticate resource_metadata" or "well-known URL"
	Metadata ResourceMetadata
	Problems []Problem
}

// ResourceMetadataURL is the metadata URL of a resource identifier: the
// well-known suffix inserted between the host and the path (RFC 9728 §3.1).
func ResourceMetadataURL(resource string) (string, error) {
	u, err := url.Parse(resource)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("resource %q is not an absolute http(s) URL", resource)
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	return u.Scheme + "://" + u.Host + ResourceMetadataWellKnown + path, nil
}

// DiscoverResource finds the protected resource metadata of an API
// (RFC 9728, as MCP servers publish it): it calls the API without a token,
// follows resource_metadata of its Bearer challenge (§5.1), else tries the
// well-known URL (§3.1), then checks the document (§3.3): resource must
// name the API, authorization_servers must be there. Every exchange is
// returned.
func DiscoverResource(ctx context.Context, hc *http.Client, apiURL string) (ResourceDiscovery, []Exchange, error) {
	rd := ResourceDiscovery{Asked: apiURL}
	probe, err := Send(ctx, hc, Request{Label: "resource probe", Method: http.MethodGet, URL: apiURL,
		Header: http.Header{"Accept": {"application/json"}}})
	exs := []Exchange{probe}
	if err != nil {
		return rd, exs, fmt.Errorf("calling the API: %w", err)
	}
	rd.URL, rd.Via = challengeMetadataURL(probe), "WWW-Authenticate resource_metadata"
	if rd.URL == "" {
		if rd.URL, err = ResourceMetadataURL(apiURL); err != nil {
			return rd, exs, err
		}
		rd.Via = "well-known URL"
	}
	var ex Exchange
	rd.Metadata, rd.Problems, ex, err = FetchResourceMetadata(ctx, hc, rd.URL, apiURL)
	return rd, append(exs, ex), err
}

// challengeMetadataURL is resource_metadata of the Bearer challenge of a
// 401 (RFC 9728 §5.1), or "".
func challengeMetadataURL(ex Exchange) string {
	if ex.Status != http.StatusUnauthorized && ex.Status != http.StatusForbidden {
		return ""
	}
	c, ok := BearerChallenge(ParseWWWAuthenticate(ex.ResponseHeader.Values("WWW-Authenticate")))
	if !ok {
		return ""
	}
	return c.Params["resource_metadata"]
}

// checkResourceMetadata checks §3.3: the resource names the API (the API's
// URL is the resource or under it), and there is an authorization server.
// A resource that differs only by a trailing slash is called out: servers
// compare resource strings exactly (RFC 8707), and clients fail there.
func checkResourceMetadata(md ResourceMetadata, apiURL string) []Problem {
	var ps []Problem
	res, api := md.Resource, apiURL
	switch {
	case res == "":
		ps = append(ps, Problem{SeverityError, "resource_missing", "the document has no resource (RFC 9728 §2)"})
	case strings.TrimSuffix(res, "/") == strings.TrimSuffix(api, "/") && res != api:
		ps = append(ps, Problem{SeverityWarning, "resource_trailing_slash", fmt.Sprintf(
			"resource %s and the API URL %s differ only by a trailing slash: send resource exactly as the "+
				"document says (RFC 8707 compares strings)", QuoteText(res), QuoteText(api))})
	case !strings.HasPrefix(api, strings.TrimSuffix(res, "/")):
		ps = append(ps, Problem{SeverityError, "resource_mismatch", fmt.Sprintf(
			"resource %s does not name the API %s (RFC 9728 §3.3: do not use this document)", QuoteText(res),
			QuoteText(api))})
	}
	if len(md.AuthorizationServers) == 0 {
		ps = append(ps, Problem{SeverityError, "no_authorization_servers",
			"the document names no authorization_servers: there is nowhere to get a token"})
	}
	return ps
}

// CheckResourceIndicator says why s cannot be sent as a resource indicator
// (RFC 8707 §2: an absolute URI, RFC 3986 §4.3, without a fragment); nil
// when it can. Only the characters a URI may hold (RFC 3986 §2) are taken,
// so a value that passes is shown, typed and split on spaces as it is.
func CheckResourceIndicator(s string) error {
	if i := strings.IndexFunc(s, func(r rune) bool { return !uriChar(r) }); i >= 0 {
		return fmt.Errorf("resource %s holds a character a URI cannot (RFC 3986 §2)", QuoteText(s))
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || !u.IsAbs() || len(s) == len(u.Scheme)+1:
		return fmt.Errorf("resource %s is not an absolute URI (RFC 8707 §2)", QuoteText(s))
	case strings.Contains(s, "#"):
		return fmt.Errorf("resource %s has a fragment, which RFC 8707 §2 forbids", QuoteText(s))
	}
	return nil
}

// uriChar reports whether r may appear in a URI: unreserved, reserved or
// the percent of an escape (RFC 3986 §2).
func uriChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("-._~:/?#[]@!$&'()*+,;=%", r)
}
