package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// naField is one field of the New API… form.
type naField int

const (
	naName       naField = iota // the profile's name
	naTarget                    // the issuer or the token URL
	naClientID                  // client_id
	naSecret                    // a reference, or a pasted secret that is stored on save
	naSecretGoes                // where a pasted secret goes: file, keyring or env (toggle)
	naAuth                      // the client authentication method (toggle)
	naScopes                    // scopes_supported as a toggle list, or typed
	naAPIURL                    // the API to call
	naHeader                    // an extra header's name
	naRefKind                   // the header value's reference kind (toggle)
	naRefValue                  // the reference's value (a variable name, a path...)
	naCount
)

// Toggles of the form: ←/→ or space cycles them; they are never typed.
var (
	naAuths    = []flows.AuthMethod{flows.AuthBasic, flows.AuthPost, flows.AuthNone}
	naStores   = []secretChoice{choiceKeyring, choiceFile, choiceEnv}
	naRefKinds = []string{"env:", "file:", "cmd:", "keyring:"}
)

// refPrefixes are the reference kinds a secret field may be typed as.
var refPrefixes = []string{"env:", "file:", "cmd:", "keyring:"}

// newAPIForm is the picker's New API… entry: a short form that ends in a
// saved profile and opens the walk on it. A pasted curl command fills it.
type newAPIForm struct {
	c        *common
	hc       *http.Client
	focus    naField
	text     [naCount]string
	auth     int // index in naAuths
	store    int // index in naStores
	refKind  int // index in naRefKinds
	scopes   []string
	picked   map[string]bool
	scopeAt  int
	lookedUp string // the issuer whose discovery was asked for
	lookSeq  int    // the look-up in flight; answers of earlier ones are stale
	found    string // what discovery said, or why it did not answer
	note     string // what the last paste did
	audience string // a pasted curl's audience (the form has no field for it)
	// api is what the target said as an API URL (newapi_api.go); nil for an
	// issuer. cancel stops the look-up in flight (esc).
	api    *walk.APIStart
	cancel context.CancelFunc
	err    error
	saving bool
	width  int
}

func newNewAPIForm(c *common, hc *http.Client) newAPIForm {
	f := newAPIForm{c: c, hc: hc, picked: map[string]bool{}}
	f.text[naHeader] = "X-Api-Key"
	return f
}

// newAPIDiscoveredMsg is discovery's answer for the form's issuer.
type newAPIDiscoveredMsg struct {
	seq    int // the look-up's (newAPIForm.lookSeq): an older answer is dropped
	issuer string
	scopes []string
	api    *walk.APIStart // the target is an API URL (RFC 9728)
	err    error
}

// newAPISavedMsg is the result of saving the form's profile.
type newAPISavedMsg struct {
	p     profiles.Profile
	notes []string
	err   error
}

// isTokenURL tells a token URL from an issuer: a path ending in "token".
func isTokenURL(s string) bool {
	return strings.HasSuffix(strings.TrimSuffix(s, "/"), "token")
}

// isRef reports whether a value is a reference, not a secret.
func isRef(s string) bool {
	for _, p := range refPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// toggles reports whether the focused field is a toggle.
func (f newAPIForm) toggles() bool {
	return f.focus == naSecretGoes || f.focus == naAuth || f.focus == naRefKind ||
		(f.focus == naScopes && len(f.scopes) > 0)
}

// Update handles a key in the form (enter and esc are the root's).
func (f newAPIForm) Update(msg tea.KeyPressMsg) (newAPIForm, tea.Cmd) {
	k := f.c.keys
	switch {
	case msg.String() == "tab" || msg.String() == "down":
		return f.move(1)
	case msg.String() == "shift+tab" || msg.String() == "up":
		return f.move(-1)
	case f.focus == naTarget && f.api != nil && (msg.String() == "left" || msg.String() == "right"):
		return f, f.pickServer(map[string]int{"left": -1, "right": 1}[msg.String()])
	case f.toggles():
		f.toggle(msg.String(), key.Matches(msg, k.Toggle))
	case msg.String() == "backspace":
		r := []rune(f.text[f.focus])
		f.text[f.focus] = string(r[:max(0, len(r)-1)])
	case msg.String() == "ctrl+u":
		f.text[f.focus] = ""
	case msg.Text != "":
		f.text[f.focus] += msg.Text
	}
	return f, nil
}

// move focuses the next or previous field; leaving the issuer asks its
// discovery for scopes_supported.
func (f newAPIForm) move(d int) (newAPIForm, tea.Cmd) {
	var cmd tea.Cmd
	if f.focus == naTarget {
		cmd = f.lookUp()
	}
	f.focus = (f.focus + naField(d) + naCount) % naCount
	return f, cmd
}

// lookUp asks discovery once per issuer.
func (f *newAPIForm) lookUp() tea.Cmd {
	t := strings.TrimSpace(f.text[naTarget])
	if t == "" || isTokenURL(t) || t == f.lookedUp || f.hc == nil || f.api != nil && t == f.api.Server {
		return nil
	}
	f.lookedUp, f.found = t, "asking "+t+" for scopes_supported (or, for an API, its resource metadata) …"
	return f.startLookUp(t, -1)
}

// discovered takes discovery's scopes.
func (f *newAPIForm) discovered(msg newAPIDiscoveredMsg) {
	if msg.seq != f.lookSeq || msg.issuer != f.lookedUp {
		return // a look-up cancelled or replaced since (esc, ←/→ again)
	}
	f.cancel = nil
	if msg.api != nil {
		f.apiFound(msg)
		return
	}
	f.api = nil
	if msg.err != nil {
		f.found = "discovery did not answer: type the scopes (" + msg.err.Error() + ")"
		return
	}
	f.scopes, f.scopeAt = msg.scopes, 0
	f.found = fmt.Sprintf("discovery lists %d scopes: space picks one", len(msg.scopes))
}

// toggle cycles a toggle field (←/→) or picks the scope under the cursor
// (space).
func (f *newAPIForm) toggle(k string, space bool) {
	d := map[string]int{"left": -1, "right": 1, "space": 1}[k]
	cyc := func(i, n int) int { return (i + d + n) % n }
	switch f.focus {
	case naSecretGoes:
		f.store = cyc(f.store, len(naStores))
	case naAuth:
		f.auth = cyc(f.auth, len(naAuths))
	case naRefKind:
		f.refKind = cyc(f.refKind, len(naRefKinds))
	case naScopes:
		if space {
			s := f.scopes[f.scopeAt]
			f.picked[s] = !f.picked[s]
		} else if d != 0 {
			f.scopeAt = cyc(f.scopeAt, len(f.scopes))
		}
	}
}

// paste fills the form from a curl command, or types into a text field.
// A pasted secret is held only until the save stores it where naSecretGoes
// says; it is never written into the profile.
func (f newAPIForm) paste(s string) newAPIForm {
	if strings.HasPrefix(strings.TrimSpace(s), "curl ") {
		ci, err := walk.ParseCurl(s)
		if err != nil {
			f.note = "✗ " + err.Error()
			return f
		}
		f.fill(ci)
		return f
	}
	if !f.toggles() {
		f.text[f.focus] += strings.TrimRight(s, "\r\n")
	}
	return f
}

// fill takes what a curl command said.
func (f *newAPIForm) fill(ci walk.CurlImport) {
	f.text[naTarget], f.text[naClientID], f.text[naSecret] = ci.TokenURL, ci.ClientID, ci.ClientSecret
	for i, a := range naAuths {
		if a == ci.AuthMethod || (ci.AuthMethod == "" && a == flows.AuthNone) {
			f.auth = i
		}
	}
	f.text[naScopes], f.audience = strings.Join(ci.Scopes, " "), ci.Audience
	for _, s := range ci.Scopes {
		f.picked[s] = true
	}
	f.note = "filled from the pasted curl"
	if ci.ClientSecret != "" {
		f.note += ": its secret is not kept in the profile; saving stores it where Secret goes to says"
	}
}

// chosenScopes are the picked scopes (discovery's order) or the typed ones.
func (f newAPIForm) chosenScopes() []string {
	if len(f.scopes) == 0 {
		return strings.Fields(f.text[naScopes])
	}
	var out []string
	for _, s := range f.scopes {
		if f.picked[s] {
			out = append(out, s)
		}
	}
	return out
}

// overrides is the form as the walk's overrides; the pasted secret is left
// out (the save stores it and puts its reference in the profile).
func (f newAPIForm) overrides() walk.Overrides {
	ov := walk.Overrides{ClientID: strings.TrimSpace(f.text[naClientID]), Auth: string(naAuths[f.auth])}
	if t := strings.TrimSpace(f.text[naTarget]); isTokenURL(t) {
		ov.TokenURL = t
	} else {
		ov.Issuer = t
	}
	if s := strings.TrimSpace(f.text[naSecret]); isRef(s) {
		ov.ClientSecret = s
	}
	ov.Scope, ov.ScopeSet = strings.Join(f.chosenScopes(), " "), true
	ov.APIURL, ov.Audience = strings.TrimSpace(f.text[naAPIURL]), f.audience
	if h, v := strings.TrimSpace(f.text[naHeader]), strings.TrimSpace(f.text[naRefValue]); h != "" && v != "" {
		ov.APIHeaders = []string{h + ": " + naRefKinds[f.refKind] + v}
	}
	f.apiOverrides(&ov) // newapi_api.go
	return ov
}

// plan is the save plan: the profile built through the walk (Plan.ToProfile)
// and the pasted secret with where it goes.
func (f newAPIForm) plan(store profiles.Store) (savePlan, error) {
	name := strings.TrimSpace(f.text[naName])
	if name == "" {
		return savePlan{}, errors.New("give the profile a name")
	}
	if strings.TrimSpace(f.text[naTarget]) == "" {
		return savePlan{}, errors.New("give the issuer or the token URL")
	}
	pl, err := walk.FromOverrides(f.overrides())
	if err != nil {
		return savePlan{}, err
	}
	sp := savePlan{store: store, p: pl.ToProfile(profiles.Profile{Name: name}), choice: naStores[f.store]}
	if s := strings.TrimSpace(f.text[naSecret]); s != "" && !isRef(s) {
		sp.secret, sp.envName = s, envVarName(name, "client_secret")
	}
	return sp, nil
}

// saveNewAPICmd stores the pasted secret, then saves the profile.
func saveNewAPICmd(plan savePlan) tea.Cmd {
	return func() tea.Msg {
		p, _, notes, err := plan.run()
		return newAPISavedMsg{p: p, notes: notes, err: err}
	}
}
