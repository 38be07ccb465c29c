package flows

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// diagnoseHTTPStatus explains answers whose status or body says more than
// any OAuth error code could: 429, 5xx and HTML pages. ok is false when the
// error is for the step's own diagnoser.
func diagnoseHTTPStatus(e *OAuthError, step Step) ([]Diagnosis, bool) {
	switch {
	case isRedirect(e.StatusCode) && e.Header.Get("Location") != "" && step != StepDiscovery:
		return []Diagnosis{redirected(e, step)}, true
	case e.StatusCode == http.StatusTooManyRequests:
		return []Diagnosis{rateLimited(e, step)}, true
	case isHTMLBody(e.Body, e.Header.Get("Content-Type")) && step != StepDiscovery:
		return []Diagnosis{htmlError(e, step)}, true
	case e.StatusCode >= 500:
		return []Diagnosis{serverError(e, step)}, true
	case step == StepToken && (e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed):
		return []Diagnosis{tokenURLWrong(e)}, true
	}
	return nil, false
}

// isRedirect reports whether status is a redirect that names a Location.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirected explains a redirect from an endpoint: oauthlens does not
// follow redirects with credentials (a POST would lose its body, and the
// credentials would go where no metadata vouches for). The Location is the
// fix, typically a missing trailing slash.
func redirected(e *OAuthError, step Step) Diagnosis {
	loc := e.Header.Get("Location")
	if e.URL != "" {
		if base, err := url.Parse(e.URL); err == nil {
			if u, err := base.Parse(loc); err == nil {
				loc = u.String()
			}
		}
	}
	loc = SanitizeLine(loc)
	d := Diagnosis{Code: CodeFor(step, "redirect"),
		Summary: fmt.Sprintf("The %s endpoint answered HTTP %d: it moved to %s.", stepWord(step), e.StatusCode, loc),
		Causes: []string{"the URL lacks (or has) a trailing slash the server insists on",
			"the server moved the endpoint (http to https, a new path); oauthlens does not follow redirects with credentials"},
		Refs:     []string{"RFC 9110 §15.4", "RFC 6749 §3.2"},
		Evidence: append(oauthEvidence(e), "Location: "+SanitizeLine(e.Header.Get("Location")))}
	if step == StepToken {
		d.Fixes = []Fix{{Text: "use the URL the server names as the token URL", Kind: FixTokenURL, Value: loc}}
	} else {
		d.Fixes = []Fix{{Text: "use the URL the server names: " + loc}}
	}
	return d
}

// tokenURLWrong explains a 404 or 405 from the token URL: the URL is not
// the token endpoint, which takes POST (RFC 6749 §3.2), whatever the body
// says.
func tokenURLWrong(e *OAuthError) Diagnosis {
	what := "no such path (404)"
	if e.StatusCode == http.StatusMethodNotAllowed {
		what = "a path that does not take POST (405)"
	}
	d := Diagnosis{Code: CodeTokenWrongURL,
		Summary: "The token URL is wrong: the server answered " + what + ", so this is not its token endpoint.",
		Causes: []string{
			"a typo or a missing path segment in the token URL (/oauth2/token, /connect/token, a tenant id)",
			"the issuer's URL or an API URL was given where the token endpoint belongs",
			"a proxy in front of the server does not route this path",
		},
		Fixes: []Fix{{Text: "take the token URL from the server's metadata (its token_endpoint): " +
			"discovery fills it in"}},
		Refs:     []string{"RFC 6749 §3.2", "RFC 8414 §2 (token_endpoint)"},
		Evidence: oauthEvidence(e)}
	if allow := e.Header.Get("Allow"); allow != "" {
		d.Evidence = append(d.Evidence, "Allow: "+SanitizeLine(allow))
	}
	return d
}

// isHTMLBody reports whether a body is an HTML page.
func isHTMLBody(body []byte, contentType string) bool {
	s := strings.TrimSpace(string(body))
	return strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(s, "<")
}

func rateLimited(e *OAuthError, step Step) Diagnosis {
	wait, raw := retryAfter(e.Header.Get("Retry-After"), time.Now())
	d := Diagnosis{Code: CodeFor(step, "rate_limited"),
		Summary: "The server refused the request because too many were made (HTTP 429).",
		Causes: []string{"requests are too frequent for the server's rate limit",
			"a token is requested for every API call instead of being reused until it expires"},
		Refs:     []string{"RFC 6585 §4", "RFC 9110 §10.2.3"},
		Evidence: oauthEvidence(e)}
	if raw != "" {
		d.Evidence = append(d.Evidence, "Retry-After: "+Sanitize(raw))
		secs := int(wait.Round(time.Second) / time.Second)
		d.Summary = fmt.Sprintf(
			"The server refused the request because too many were made (HTTP 429); it asks to wait %ds.",
			secs,
		)
		d.Fixes = append(
			d.Fixes,
			Fix{Text: fmt.Sprintf("wait %ds and retry", secs), Kind: FixRetryAfter, Value: strconv.Itoa(secs)},
		)
	} else {
		d.Fixes = append(d.Fixes, Fix{Text: "wait a minute and retry", Kind: FixRetryAfter, Value: "60"})
	}
	d.Fixes = append(d.Fixes, Fix{Text: "cache the token and reuse it until shortly before expires_in runs out"})
	return d
}

// retryAfter reads Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3).
func retryAfter(v string, now time.Time) (time.Duration, string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, ""
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, v
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), v
	}
	return 0, v
}

func htmlError(e *OAuthError, step Step) Diagnosis {
	title := htmlTitle(string(e.Body))
	what := "an HTML page"
	if title != "" {
		what = fmt.Sprintf("an HTML page titled %q", title)
	}
	d := Diagnosis{Code: CodeFor(step, "html_error"),
		Summary: fmt.Sprintf(
			"The %s endpoint answered HTTP %d with %s instead of a JSON error.",
			stepWord(step),
			e.StatusCode,
			what,
		),
		Causes: []string{
			"a proxy, load balancer or web application firewall in front of the server answered, not the OAuth server",
			"the URL points at a web page (a login page, a portal) rather than the endpoint",
			"the server crashed and its framework rendered an error page",
		},
		Fixes: []Fix{{Text: "check the URL against the server's metadata (oauthlens discover ISSUER)"},
			{Text: "run again with -v and read the page: it often names the proxy or the reason"},
			{
				Text: "retry later if it is a 5xx; report it to the server's operators with the exchange",
				Kind: FixRetry,
			}},
		Refs:     []string{"RFC 6749 §5.2"},
		Evidence: oauthEvidence(e)}
	if e.StatusCode == http.StatusNotFound {
		d.Causes = []string{
			d.Causes[1],
			"the path of the URL is wrong (a missing tenant, realm or /oauth2/ prefix)",
			d.Causes[0],
		}
	}
	return d
}

func serverError(e *OAuthError, step Step) Diagnosis {
	return Diagnosis{Code: CodeFor(step, "server_error"),
		Summary: fmt.Sprintf("The %s endpoint failed on its side (HTTP %d).", stepWord(step), e.StatusCode),
		Causes: []string{"an outage or a bug on the server (not something this request did wrong)",
			"a gateway in front of it could not reach it (502, 503, 504)",
			"the request has an input the server does not handle (a rare value makes it crash)"},
		Fixes: []Fix{{Text: "retry in a little while", Kind: FixRetry},
			{Text: "check the provider's status page"},
			{Text: "report it with the exchange (oauthlens … -v) and the request id of the answer, if it has one " +
				"(x-request-id, traceparent)"}},
		Refs:     []string{"RFC 9110 §15.6"},
		Evidence: oauthEvidence(e)}
}

// requestIDHeaders are the response headers that identify a request to
// the server's operators (W3C Trace Context's traceparent among them).
var requestIDHeaders = []string{"X-Request-Id", "X-Correlation-Id", "X-Ms-Request-Id", "Client-Request-Id",
	"X-Amzn-Requestid", "X-Amzn-Trace-Id", "Traceparent", "Cf-Ray"}

// requestIDFields are the members of a JSON error body that do (Microsoft
// Entra ID sends trace_id and correlation_id).
var requestIDFields = []string{"trace_id", "correlation_id", "request_id", "traceId", "correlationId", "requestId"}

// RequestIDs lists the request ids of an answer, from its headers and its
// JSON body, as evidence lines ("X-Request-Id: …", "trace_id: …"): what a
// provider's support asks for.
func RequestIDs(h http.Header, body []byte) []string {
	var out []string
	for _, k := range requestIDHeaders {
		if v := h.Get(k); v != "" {
			out = append(out, k+": "+SanitizeLine(v))
		}
	}
	var m map[string]any
	if len(body) == 0 || json.Unmarshal(body, &m) != nil {
		return out
	}
	for _, k := range requestIDFields {
		if v, ok := m[k].(string); ok && v != "" {
			out = append(out, k+": "+SanitizeLine(v))
		}
	}
	return out
}

// stepWord names a step's endpoint in prose.
func stepWord(step Step) string {
	switch step {
	case StepCall:
		return "API"
	case StepJWKS:
		return "JWKS"
	}
	return string(step)
}
