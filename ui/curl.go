package ui

import (
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// Copied curl speaks the profile's language: a secret that comes from an
// environment variable is that variable ($DEMO_SECRET, $API_KEY); a Basic
// header is already curl's own -u 'id:'"$CLIENT_SECRET" (flows.Curl), so
// the command runs as pasted once the variables are set.

// curlFor is the selected exchange as curl for the clipboard.
func (m *Model) curlFor(ex flows.Exchange) string {
	s := ex.Curl(m.c.reveal)
	if m.c.reveal {
		return s
	}
	for from, to := range m.refVariables() {
		s = strings.ReplaceAll(s, `"$`+from+`"`, `"$`+to+`"`)
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
