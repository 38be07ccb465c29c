package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// errProfileExists asks the dialog to confirm replacing another profile.
var errProfileExists = errors.New("a profile of this name exists")

// headerSecret is a secret API header value that needs a place to live.
type headerSecret struct{ name, value string }

// savePlan is everything saveProfileCmd needs: the profile without its
// secrets, and the secrets with where they go.
type savePlan struct {
	store    profiles.Store
	p        profiles.Profile
	choice   secretChoice
	envName  string
	secret   string // the client secret as typed ("" for none)
	keepRef  string
	headers  []headerSecret
	replace  bool   // an existing file of another profile may be replaced
	loadedAs string // the saved profile the walk came from, replaced freely
}

// profileSavedMsg is the result of saveProfileCmd.
type profileSavedMsg struct {
	p     profiles.Profile
	path  string
	notes []string
	err   error
}

// saveProfileCmd stores the secrets where the person chose, then saves the
// profile. The profile is checked first, so that no secret is stored for a
// profile that cannot be saved. Errors never contain a secret.
func saveProfileCmd(plan savePlan) tea.Cmd {
	return func() tea.Msg {
		p, path, notes, err := plan.run()
		return profileSavedMsg{p: p, path: path, notes: notes, err: err}
	}
}

func (plan savePlan) run() (profiles.Profile, string, []string, error) {
	p := plan.p
	path := plan.store.Path(p.Name)
	if _, err := os.Stat(path); err == nil && !plan.replace && p.Name != plan.loadedAs {
		return p, path, nil, errProfileExists
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return p, path, nil, err
	}
	if err := plan.precheck(); err != nil {
		return p, path, nil, err
	}
	var notes []string
	if plan.secret == "" && plan.keepRef != "" {
		p.ClientSecret, notes = plan.keepRef, append(notes, "client_secret: kept "+plan.keepRef)
	}
	if plan.secret != "" {
		ref, note, err := plan.place(plan.envName, p.Name, plan.secret, plan.keepRef)
		if err != nil {
			return p, path, nil, fmt.Errorf("client secret: %w", err)
		}
		p.ClientSecret, notes = ref, append(notes, "client_secret: "+note)
	}
	for _, h := range plan.headers {
		env := envVarName(p.Name, h.name)
		ref, note, err := plan.place(env, p.Name+"-"+strings.ToLower(h.name), h.value, "")
		if err != nil {
			return p, path, notes, fmt.Errorf("header %s: %w", h.name, err)
		}
		p.APIHeaders[h.name], notes = ref, append(notes, "header "+h.name+": "+note)
	}
	if err := plan.store.Save(p); err != nil {
		return p, path, notes, err
	}
	return p, path, notes, nil
}

// precheck validates the profile with stand-in references for the secrets.
func (plan savePlan) precheck() error {
	p := plan.p
	p.ClientSecret = ""
	p.APIHeaders = map[string]string{}
	for k, v := range plan.p.APIHeaders {
		p.APIHeaders[k] = v
	}
	for _, h := range plan.headers {
		p.APIHeaders[h.name] = "env:PENDING"
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("profile %q not saved: %w", p.Name, err)
	}
	return nil
}

// place puts one secret where the choice says and returns its reference
// and a note saying where it went.
func (plan savePlan) place(env, name, secret, keep string) (ref, note string, err error) {
	switch plan.choice {
	case choiceKeep:
		if keep != "" {
			return keep, "kept " + keep, nil
		}
		return plan.placeIn(choiceEnv, env, name, secret)
	case choicePlain:
		return secret, "⚠ stored in plain text in the profile", nil
	}
	return plan.placeIn(plan.choice, env, name, secret)
}

func (plan savePlan) placeIn(c secretChoice, env, name, secret string) (string, string, error) {
	switch c {
	case choiceFile, choiceKeyring:
		how := map[secretChoice]string{choiceFile: profiles.SecretStoreFile, choiceKeyring: profiles.SecretStoreKeyring}[c]
		ref, err := profiles.StoreOneTimeSecret(plan.store, how, name, secret)
		if err != nil {
			return "", "", err
		}
		if c == choiceFile {
			return ref, ref + " (mode 0600)", nil
		}
		return ref, ref, nil
	}
	ref := "env:" + env
	return ref, ref + " (set it before use; no secret was written)", nil
}

// walkProfile is the walk's settings as a profile called name, based on
// the profile the walk was loaded from. Secret header values that did not
// come from a reference are returned apart, to be placed like the client
// secret.
func (m *Model) walkProfile(name string) (profiles.Profile, []headerSecret, error) {
	var p profiles.Profile
	if m.source != nil {
		p = *m.source
		if p.Builtin {
			p.Description = "made in oauthlens from the " + p.Name + " template"
		}
	}
	if _, ok := m.client.authMethod(); !ok {
		return p, nil, fmt.Errorf("auth method %q: use basic or post (step 2)", m.client.authText())
	}
	// The fields as the walk would send them, through the one mapping; the
	// secrets are placed by the save dialog, the headers below.
	ov := m.overrides()
	ov.ClientSecret, ov.APIHeaders, ov.APIMethod, ov.APIURL = "", nil, "", ""
	pl, err := walk.FromOverrides(ov)
	if err != nil {
		return p, nil, err
	}
	pl.ReacquireOn = m.call.reacquireOn
	p = pl.ToProfile(p)
	p.Name = name
	p.Builtin = false
	p.Warnings = nil
	p.ClientSecret = ""
	if p.Issuer != "" && p.TokenURL == m.discover.filledToken {
		p.TokenURL = "" // discovery finds it
	}
	p.TestRequest = m.testRequest(p.APIBaseURL)
	headers, secrets, err := m.walkHeaders()
	p.APIHeaders = headers
	return p, secrets, err
}

// walkHeaders are the call step's headers for a profile: references kept,
// plain values as they are, and secret values (by walk.SecretHeader, the
// rule the screen masks by) apart.
func (m *Model) walkHeaders() (map[string]string, []headerSecret, error) {
	hs, err := m.call.headerList()
	if err != nil {
		return nil, nil, err
	}
	named := lower(m.loaded.SecretHeaders)
	out := map[string]string{}
	var secrets []headerSecret
	for _, h := range hs {
		ref := m.sourceHeaderRef(h.Name, h.Ref)
		switch {
		case ref != "":
			out[h.Name] = ref
		case walk.SecretHeader(h.Name, h.Ref) && !profiles.IsLiteral(h.Ref):
			out[h.Name] = h.Ref // a reference typed in the field
		case walk.SecretHeader(h.Name, h.Ref) || slices.Contains(named, strings.ToLower(h.Name)):
			secrets = append(secrets, headerSecret{h.Name, h.Ref})
		default:
			out[h.Name] = h.Ref
		}
	}
	slices.SortFunc(secrets, func(a, b headerSecret) int { return strings.Compare(a.name, b.name) })
	return out, secrets, nil
}

// testRequest is the call step's request, relative to the API base URL
// when it is under it.
func (m *Model) testRequest(base string) profiles.Request {
	u := m.call.form.value(fAPIURL)
	if u == "" {
		return profiles.Request{}
	}
	method := strings.ToUpper(m.call.form.value(fMethod))
	if method == "" {
		method = "GET"
	}
	if b := strings.TrimSuffix(base, "/"); b != "" && strings.HasPrefix(u, b+"/") {
		u = strings.TrimPrefix(u, b)
	}
	return profiles.Request{Method: method, Path: u}
}

// sourceHeaderRef is the reference a header was loaded from, when its
// value has not changed since.
func (m *Model) sourceHeaderRef(name, value string) string {
	for _, h := range m.plan.API.Headers {
		if strings.EqualFold(h.Name, name) && h.Ref != "" && h.Value == value {
			return h.Ref
		}
	}
	return ""
}

// keepRef is the client secret's reference when the secret is the one it
// resolved to: saving can then keep the reference.
func (m *Model) keepRef() string {
	if ref := m.client.createdRef(); ref != "" {
		return ref // a secret created in step 2, stored as it arrived
	}
	if m.source == nil || m.source.ClientSecret == "" || profiles.IsLiteral(m.source.ClientSecret) {
		return ""
	}
	if m.client.secret() != m.loaded.ClientSecret {
		return ""
	}
	return m.source.ClientSecret
}
