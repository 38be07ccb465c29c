package walk

import (
	"net/http"
	"net/textproto"
	"regexp"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// statusLineRe is an HTTP/1.x or HTTP/2 status line (RFC 9112 §4): curl
// prints "HTTP/2 401", net/http "HTTP/1.1 401 Unauthorized".
var statusLineRe = regexp.MustCompile(`^HTTP/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$`)

// headerLineRe is a header field line (RFC 9110 §5.1: a token, a colon).
var headerLineRe = regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+:")

// looksLikeHTTP reports whether text starts with a status line, or with
// the prefixed lines of curl -v ("* ", "> ", "< ").
func looksLikeHTTP(text string) bool {
	first, _, _ := strings.Cut(strings.ReplaceAll(text, "\r", ""), "\n")
	first = strings.TrimSpace(first)
	for _, p := range []string{"< ", "> ", "* "} {
		if strings.HasPrefix(first, p) {
			return true
		}
	}
	return strings.HasPrefix(first, "HTTP/")
}

// pastedHTTP is a pasted answer split into its parts.
type pastedHTTP struct {
	request  []string // the request's lines (curl -v's "> "), without the prefix
	status   string   // the status line
	header   []string // the response's header lines
	body     []string
	tls      bool // curl -v said the connection used TLS
	prefixed bool // curl -v's prefixed lines
}

// splitPaste reads the lines of a pasted answer, tolerating CRLF or LF, a
// missing blank line before the body and curl -v's prefixes.
func splitPaste(text string) pastedHTTP {
	var p pastedHTTP
	inBody := false
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l = strings.TrimSuffix(l, "\r")
		curlNote := l == "*" || strings.HasPrefix(l, "* ") || strings.HasPrefix(l, "{ [") || strings.HasPrefix(l, "} [")
		switch {
		case inBody && !(p.prefixed && curlNote):
			p.body = append(p.body, l)
		case inBody:
			// curl -v's notes and data markers after the body
		case l == "*" || strings.HasPrefix(l, "* "):
			p.prefixed = true
			p.tls = p.tls || strings.Contains(l, "SSL") || strings.Contains(l, "TLS")
		case l == ">" || strings.HasPrefix(l, "> "):
			p.prefixed = true
			if s := strings.TrimPrefix(strings.TrimPrefix(l, ">"), " "); s != "" {
				p.request = append(p.request, s)
			}
		case l == "<" || strings.HasPrefix(l, "< "):
			p.prefixed = true
			p.headLine(strings.TrimPrefix(strings.TrimPrefix(l, "<"), " "))
		case strings.HasPrefix(l, "{ [") || strings.HasPrefix(l, "} ["):
			// curl -v's data markers
		case p.prefixed && l == "":
			// a blank line between curl -v's prefixed lines (a CRLF pasted as two breaks)
		case p.prefixed || p.status != "" && (l == "" || !headerLineRe.MatchString(l)):
			inBody = true
			if l != "" || len(p.body) > 0 {
				p.body = append(p.body, l)
			}
		default:
			p.headLine(l)
		}
	}
	return p
}

// headLine takes the status line or a header line.
func (p *pastedHTTP) headLine(l string) {
	switch {
	case p.status == "":
		p.status = strings.TrimSpace(l)
	case strings.TrimSpace(l) != "":
		p.header = append(p.header, l)
	}
}

// inspectResponse parses a pasted answer into an exchange and diagnoses it.
func (in *Inspection) inspectResponse(text string) {
	p := splitPaste(text)
	m := statusLineRe.FindStringSubmatch(p.status)
	if m == nil {
		in.Kind, in.Summary = PasteUnknown, "an HTTP exchange without a status line"
		in.Problem = "no line like \"HTTP/1.1 401 Unauthorized\" was found (the response part may be " +
			"missing); oauthlens expected " + Expected
		return
	}
	ex := flows.Exchange{Proto: strings.Fields(p.status)[0], StatusText: strings.TrimSpace(m[1] + " " + m[2]),
		ResponseHeader: http.Header{}, ResponseBody: []byte(strings.TrimRight(strings.Join(p.body, "\n"), "\n"))}
	ex.Status = atoi3(m[1])
	for _, l := range p.header {
		k, v, _ := strings.Cut(l, ":")
		ex.ResponseHeader.Add(textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k)), strings.TrimSpace(v))
	}
	in.request(&ex, p)
	in.diagnoseResponse(ex, len(p.request) > 0)
}

// request fills the exchange's request from curl -v's "> " lines: the
// method, the URL (from the Host header) and the headers, whose
// credentials become secrets.
func (in *Inspection) request(ex *flows.Exchange, p pastedHTTP) {
	if len(p.request) == 0 {
		return
	}
	f := strings.Fields(p.request[0])
	if len(f) >= 2 {
		ex.Method = f[0]
	}
	host := ""
	for _, l := range p.request[1:] {
		k, v, _ := strings.Cut(l, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		ex.RequestHeader = append(ex.RequestHeader, flows.HeaderField{Name: k, Value: v})
		if strings.EqualFold(k, "Host") {
			host = v
		}
		if flows.IsSecretHeader(k) && v != "" {
			in.secrets = append(in.secrets, credentialSecrets(k, v)...)
		}
	}
	ex.HeaderWritten = true
	if len(f) >= 2 {
		scheme := "http://"
		if p.tls {
			scheme = "https://"
		}
		ex.URL = scheme + host + f[1]
	}
}

// credentialSecrets are the secret parts of a credential header: the
// whole value, the credentials after the scheme, and a Basic pair's
// secret (RFC 7617 §2, form-decoded as RFC 6749 §2.3.1 encodes it:
// flows.BasicCredentialSecrets).
func credentialSecrets(name, value string) []flows.Secret {
	out := []flows.Secret{{Name: flows.EnvName(name), Value: value}}
	scheme, cred, ok := strings.Cut(value, " ")
	if !ok {
		return out
	}
	cred = strings.TrimSpace(cred)
	if strings.EqualFold(scheme, "basic") {
		out = append(out, flows.BasicCredentialSecrets(cred)...)
	}
	return append(out, flows.Secret{Name: "ACCESS_TOKEN", Value: cred})
}

// diagnoseResponse guesses the answer's step and explains it: an error
// through flows.Diagnose, a token answer through flows.InspectToken. The
// answer's Date (else the clock) stands for the time it was received, as
// a recording's own time does (flows.DiagnoseRecorded).
func (in *Inspection) diagnoseResponse(ex flows.Exchange, hasRequest bool) {
	in.Kind, in.HasRequest = PasteResponse, hasRequest
	in.Step, in.StepWhy = guessStep(ex)
	ex.Label = string(in.Step) + " (pasted)"
	ex.Started = in.expect.Now
	if t, err := http.ParseTime(ex.ResponseHeader.Get("Date")); err == nil {
		ex.Started = t
	}
	in.secrets = append(in.secrets, bodySecrets(ex.ResponseBody)...)
	ex.Secrets = in.secrets
	in.Response = &ex
	in.Summary = "an HTTP answer (" + flows.SanitizeLine(ex.StatusText) + "), read as the " +
		stepWords(in.Step)
	c := flows.Context{Step: in.Step, Exchanges: []flows.Exchange{ex}, Now: ex.Started}
	if len(ex.RequestBody) > 0 && in.Step == flows.StepToken { // curl -v shows no body: the scopes asked are unknown
		c.Request = flows.RecordedTokenRequest(ex)
	}
	if d, ok := bearerJWT(ex); ok {
		c.JWT = &d
	}
	in.Err = flows.ReplayError(ex)
	if in.Err != nil {
		in.Diagnoses = flows.Diagnose(in.Err, c)
		return
	}
	if in.Step == flows.StepToken {
		tok, err := flows.ParseTokenResponse(ex)
		if err == nil {
			in.Diagnoses = flows.InspectToken(tok.At(ex.Started), c)
		}
	}
}

// stepWords names a step for the summary.
func stepWords(s flows.Step) string {
	switch s {
	case flows.StepToken:
		return "token endpoint's answer"
	case flows.StepCall:
		return "API's answer"
	case flows.StepDiscovery:
		return "metadata's answer (discovery)"
	}
	return string(s) + " answer"
}

// guessStep tells which step an answer came from, and why: a Bearer
// challenge is an API's (RFC 6750 §3), an OAuth error or an access_token
// the token endpoint's (RFC 6749 §5), metadata discovery's (RFC 8414).
func guessStep(ex flows.Exchange) (flows.Step, string) {
	if _, ok := flows.BearerChallenge(flows.ParseWWWAuthenticate(ex.ResponseHeader.Values("WWW-Authenticate"))); ok {
		return flows.StepCall, "it has WWW-Authenticate: Bearer, as an API answers (RFC 6750 §3)"
	}
	fields := map[string]any{}
	_ = jsonObject(ex.ResponseBody, &fields)
	code, _ := fields["error"].(string)
	switch {
	case code == "invalid_token" || code == "insufficient_scope":
		return flows.StepCall, "its error " + flows.QuoteText(code) + " is an API's (RFC 6750 §3.1)"
	case code != "":
		return flows.StepToken, "it has an OAuth error body (RFC 6749 §5.2)"
	case fields["access_token"] != nil:
		return flows.StepToken, "it has an access_token (RFC 6749 §5.1)"
	case fields["issuer"] != nil && fields["token_endpoint"] != nil:
		return flows.StepDiscovery, "it is server metadata (RFC 8414 §3.2)"
	}
	if u := strings.ToLower(ex.URL); ex.Method == http.MethodPost && strings.Contains(u, "token") {
		return flows.StepToken, "the request was a POST to a token URL"
	}
	return flows.StepCall, "nothing in it names an OAuth step: read as an API's answer"
}

// bearerJWT is the JWT the pasted request presented, if any.
func bearerJWT(ex flows.Exchange) (flows.DecodedJWT, bool) {
	for _, h := range ex.RequestHeader {
		if strings.EqualFold(h.Name, "Authorization") && len(h.Value) > 7 &&
			strings.EqualFold(h.Value[:7], "bearer ") {
			d, err := flows.DecodeJWT(h.Value)
			return d, err == nil
		}
	}
	return flows.DecodedJWT{}, false
}

// atoi3 reads a three-digit status code.
func atoi3(s string) int {
	return int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0')
}
