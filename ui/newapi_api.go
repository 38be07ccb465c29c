package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// lookUpTimeout bounds the form's look-up of an issuer or an API.
const lookUpTimeout = 10 * time.Second

// The New API… form takes an API URL as well as an issuer (issue 14, "start
// from the API"): when discovery at the URL fails and the URL publishes
// protected resource metadata (RFC 9728), the form shows it, offers its
// authorization_servers as a toggle, and fills the issuer, the resource
// (exactly as the metadata says it), the scopes, the API URL and the
// client id of the registration path (walk.StartFromAPI, the same look-up
// as `oauthlens discover API_URL`).

// lookUpCmd asks discovery at target for scopes_supported; when target is
// no issuer, it asks it as an API (walk.StartFromAPI with the server pick).
// ctx is the form's: esc cancels it.
func lookUpCmd(ctx context.Context, hc *http.Client, target string, pick int, clientID string,
	documents map[string]string, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := lookUp(ctx, hc, target, pick, clientID, documents)
		msg.seq = seq
		return msg
	}
}

// lookUp is lookUpCmd's work.
func lookUp(ctx context.Context, hc *http.Client, target string, pick int, clientID string,
	documents map[string]string) newAPIDiscoveredMsg {
	ctx, cancel := context.WithTimeout(ctx, lookUpTimeout)
	defer cancel()
	if pick < 0 {
		d, _, err := flows.Discover(ctx, hc, target, "")
		if err == nil {
			return newAPIDiscoveredMsg{issuer: target, scopes: d.Metadata.ScopesSupported}
		}
		if ctx.Err() != nil {
			return newAPIDiscoveredMsg{issuer: target, err: err}
		}
		pick = 0 // no issuer: perhaps an API
	}
	a, err := walk.StartFromAPI(ctx, hc, target, walk.APIOptions{Pick: pick, ClientID: clientID,
		Documents: documents})
	if ctx.Err() != nil { // esc, or the look-up's time: not "no metadata there"
		return newAPIDiscoveredMsg{issuer: target, err: fmt.Errorf("the look-up of %s stopped: %w", target, ctx.Err())}
	}
	var ae *walk.APIError
	if errors.As(err, &ae) && ae.Step == walk.StepResource && a.Resource.Metadata.Resource == "" {
		return newAPIDiscoveredMsg{issuer: target, err: fmt.Errorf("no issuer metadata and no API "+
			"resource metadata (RFC 9728) at %s", target)}
	}
	return newAPIDiscoveredMsg{issuer: target, api: &a, err: err}
}

// apiFound takes what the look-up of an API URL found: the form becomes a
// walk on the API.
func (f *newAPIForm) apiFound(msg newAPIDiscoveredMsg) {
	var ae *walk.APIError
	if errors.As(msg.err, &ae) && ae.Step == walk.StepResource {
		// The document failed its checks (RFC 9728 §3.3: it names another
		// resource, …): nothing of it may fill the form, which would send
		// its resource and scopes and save them in the profile.
		f.api, f.found = nil, "✗ "+msg.err.Error()
		return
	}
	a := msg.api
	md := a.Resource.Metadata
	f.api, f.text[naAPIURL] = a, msg.issuer
	if a.Server != "" {
		f.text[naTarget] = a.Server
	}
	f.scopes, f.scopeAt = md.ScopesSupported, 0
	f.picked = map[string]bool{}
	for _, s := range md.ScopesSupported {
		f.picked[s] = true
	}
	if r := a.Registration; r.Path != flows.PathPreRegistered && r.Path != "" {
		f.auth = authIndex(flows.AuthNone)
		if strings.TrimSpace(f.text[naClientID]) == "" {
			f.text[naClientID] = r.ClientID
		}
	}
	f.found = ""
	if msg.err != nil {
		f.found = "✗ " + msg.err.Error()
	}
}

// authIndex is a method's place among the form's toggle.
func authIndex(m flows.AuthMethod) int {
	for i, a := range naAuths {
		if a == m {
			return i
		}
	}
	return 0
}

// pickServer moves the authorization server toggle and looks the API up
// again for the server picked (its metadata, its registration path).
func (f *newAPIForm) pickServer(d int) tea.Cmd {
	servers := f.api.Resource.Metadata.AuthorizationServers
	if len(servers) < 2 || f.hc == nil {
		return nil
	}
	pick := (f.api.Pick + d + len(servers)) % len(servers)
	f.api.Pick, f.text[naTarget] = pick, servers[pick]
	f.found = "asking " + servers[pick] + " for its metadata …"
	return f.startLookUp(f.text[naAPIURL], pick)
}

// startLookUp runs lookUpCmd under a context that esc cancels.
func (f *newAPIForm) startLookUp(target string, pick int) tea.Cmd {
	if f.cancel != nil {
		f.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.lookSeq++
	return lookUpCmd(ctx, f.hc, target, pick, strings.TrimSpace(f.text[naClientID]), f.c.documents, f.lookSeq)
}

// cancelLookUp is esc while a look-up runs: it stops, the form stays.
func (f *newAPIForm) cancelLookUp() bool {
	if f.cancel == nil {
		return false
	}
	f.cancel()
	f.cancel, f.lookedUp = nil, ""
	f.found = "look-up cancelled (esc): tab past the field to ask again"
	return true
}

// apiOverrides puts the API's settings on the form's overrides: the
// resource exactly as the metadata says it (RFC 8707), the authorization
// code grant, the API URL it was found at.
func (f newAPIForm) apiOverrides(ov *walk.Overrides) {
	if f.api == nil {
		return
	}
	api := f.api.Overrides(strings.TrimSpace(f.text[naAPIURL]))
	ov.Resource, ov.Grant = api.Resource, api.Grant
}

// registers reports whether the walk on p registers its client: the
// look-up chose RFC 7591 and p has no client id (none was typed).
func (f newAPIForm) registers(p profiles.Profile) bool {
	return f.api != nil && f.api.Registration.Path == flows.PathRFC7591 && p.ClientID == ""
}

// apiLines show the API's resource metadata and the registration path
// under the form, what matters most first (a small window cuts the rest).
func (f newAPIForm) apiLines(w int) []string {
	if f.api == nil {
		return nil
	}
	st, a := f.c.styles, f.api
	md := a.Resource.Metadata
	kv := func(k, v string) []string { return wrapKV(st, k, 13, clean(v), w) }
	lines := wrapLines(st.text.heading.Render("API: protected resource metadata (RFC 9728) via "+
		clean(a.Resource.Via)), w)
	lines = append(lines, kv("resource", md.Resource+"  (sent exactly so: RFC 8707)")...)
	if r := a.Registration; r.Path != "" {
		what := string(r.Path)
		switch {
		case r.Err != nil:
			what += ": " + r.Err.Error()
		case r.Path == flows.PathRFC7591:
			what += " (step 2 opens on registration unless a client id is given): " + r.Why
		default:
			what += ": " + r.Why
		}
		lines = append(lines, kv("registration", what)...)
	}
	lines = append(lines, kv("grant", "authorization code + PKCE with the resource, then the call")...)
	for _, p := range a.Resource.Problems {
		lines = append(lines, wrapLines(st.text.warn.Render("! ")+clean(p.Message), w)...)
	}
	return append(lines, kv("from", a.Resource.URL)...)
}

// cleanAll cleans every server text.
func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}
