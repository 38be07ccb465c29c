package ui

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// Copied curl speaks the profile's language: a secret that comes from an
// environment variable is that variable ($DEMO_SECRET, $API_KEY), and a
// Basic header is curl's own -u "id:$SECRET" when the id and the secret
// need no form-encoding (RFC 6749 §2.3.1 form-encodes both before
// base64; curl's -u does not), so the command runs as pasted once the
// variables are set.

// basicArg is the Basic header as flows.Exchange.Curl writes it masked.
var basicArg = regexp.MustCompile(`-H 'Authorization: Basic '"\$[A-Z0-9_]+"`)

// curlFor is the selected exchange as curl for the clipboard.
func (m *Model) curlFor(ex flows.Exchange) string {
	s := ex.Curl(m.c.reveal)
	if m.c.reveal {
		return s
	}
	secretVar := "CLIENT_SECRET"
	for from, to := range m.refVariables() {
		s = strings.ReplaceAll(s, `"$`+from+`"`, `"$`+to+`"`)
		if from == "CLIENT_SECRET" {
			secretVar = to
		}
	}
	id, secret := m.client.clientID(), m.client.secret()
	if id != "" && url.QueryEscape(id) == id && url.QueryEscape(secret) == secret && !strings.Contains(id, ":") {
		s = basicArg.ReplaceAllLiteralString(s, "-u "+shellWord(id+":")+`"$`+secretVar+`"`)
	}
	return s
}

// refVariables maps the variable names curl uses by default to the
// environment variables the walk's references name.
func (m *Model) refVariables() map[string]string {
	out := map[string]string{}
	if kind, name := profiles.ParseRef(m.plan.SecretRef); kind == profiles.KindEnv && name != "" {
		out["CLIENT_SECRET"] = name
	}
	for _, h := range m.plan.API.Headers {
		if kind, name := profiles.ParseRef(h.Ref); kind == profiles.KindEnv && name != "" {
			out[flows.EnvName(h.Name)] = name
		}
	}
	return out
}

// shellWord single-quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
