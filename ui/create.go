package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// Fields of the two client-creation forms (register and admin API).
const (
	fNewName  = iota
	fNewToken // the initial access token, or the admin token
	fNewExtra // metadata JSON, or permissions
	fNewStore // where the one-time secret goes
)

// demoAdminToken is the demo server's public owner token (demo.AdminToken),
// offered in demo mode when the template's bearer_token does not resolve.
const demoAdminToken = "demo-admin-token"

// storeChoices are the values of the "Store secret in" field, in the
// order ← and → go through them, and what profiles calls them.
var storeChoices = []string{"file", "keyring", "show once"}

var storeNames = map[string]string{"file": profiles.SecretStoreFile, "keyring": profiles.SecretStoreKeyring,
	"show once": profiles.SecretStorePrint}

func newCreateForm(c *common, tokLabel, tokHint, extraLabel, extraHint, extra string) form {
	return form{c: c, fields: []field{
		newField(c, "Client name", "", "a name for the new client", false),
		newField(c, tokLabel, "", tokHint, true),
		newField(c, extraLabel, extra, extraHint, false),
		newField(c, "Store secret in", storeChoices[0], "←/→: file, keyring or show once", false),
	}}
}

// cycleStore moves the "Store secret in" field to the next choice.
func (m *clientPane) cycleStore(delta int) {
	i := slices.Index(storeChoices, m.form.value(fNewStore))
	n := len(storeChoices)
	m.form.setValue(fNewStore, storeChoices[((max(i, 0)+delta)%n+n)%n])
	m.refresh(true)
}

// creationJob is a client creation ready to send: a walk.Creation, and
// for the admin API the template whose header references are resolved
// in the command. The command takes it by value.
type creationJob struct {
	creation walk.Creation
	tmpl     *profiles.ClientTemplate // set for the admin API
	token    string                   // the admin token typed or resolved
	perms    []string
	store    *profiles.Store
	choice   string // profiles.SecretStore*
}

// creationJob builds the creation from step 2's form and step 3's scopes.
// Errors say which field to fix.
func (m *Model) creationJob() (creationJob, error) {
	cp := &m.client
	if ok, why := cp.available(cp.mode); !ok {
		return creationJob{}, &flows.ConfigError{Msg: why}
	}
	f := cp.createForm(cp.mode)
	j := creationJob{store: m.store, creation: walk.Creation{Name: f.value(fNewName), Scopes: m.token.scopes()}}
	var ok bool
	if j.choice, ok = storeNames[f.value(fNewStore)]; !ok {
		return j, &flows.ConfigError{Msg: fmt.Sprintf("Store secret in %q: choose file, keyring or show once "+
			"(←/→ on the field)", f.value(fNewStore))}
	}
	if j.creation.Name == "" {
		return j, &flows.ConfigError{Msg: "no client name: tab goes to Client name; type a name for the new client"}
	}
	if j.creation.AuthMethod, ok = cp.authMethod(); !ok {
		return j, &flows.ConfigError{Msg: fmt.Sprintf("unknown auth method %q: use basic or post "+
			"(existing credentials, ←)", cp.authText())}
	}
	j.token = strings.TrimSpace(f.fields[fNewToken].input.Value())
	if cp.mode == modeRegister {
		md, err := flows.ParseExtraMetadata(f.value(fNewExtra))
		j.creation.Registration = &flows.RegistrationRequest{Endpoint: cp.regEndpoint, InitialAccessToken: j.token,
			ClientName: j.creation.Name, Scopes: j.creation.Scopes, AuthMethod: j.creation.AuthMethod,
			Metadata: m.registrationMetadata(md)} // registration.go: an authorization code client's
		return j, err
	}
	j.tmpl = cp.tmpl
	j.perms = strings.Fields(strings.ReplaceAll(f.value(fNewExtra), ",", " "))
	return j, nil
}

// clientCreatedMsg is the result of createClientCmd. By the time it is
// sent, every one-time value has been stored (or failed to be, and is
// carried here to be shown once).
type clientCreatedMsg struct {
	seq    int
	client walk.Created
	exs    []flows.Exchange
	kept   []profiles.OneTime
	choice string
	err    error
}

// createClientCmd creates the client through walk.Create and, before
// answering, stores its one-time values: quitting as soon as the answer is
// on screen loses nothing.
func createClientCmd(ctx context.Context, hc *http.Client, j creationJob, seq int) tea.Cmd {
	return func() tea.Msg {
		cl, exs, err := j.create(ctx, hc)
		name := storageName(cl.ClientID, j.creation.Name)
		kept := keepOneTime(j.store, j.choice, name, cl.OneTime())
		return clientCreatedMsg{seq: seq, client: cl, exs: exs, kept: kept, choice: j.choice, err: err}
	}
}

// create fills the admin API's template (walk.VendorRequest resolves its
// headers) and creates the client with walk.Create.
func (j creationJob) create(ctx context.Context, hc *http.Client) (walk.Created, []flows.Exchange, error) {
	c := j.creation
	if j.tmpl != nil {
		v, err := walk.VendorRequest(ctx, *j.tmpl, c.Name, c.Scopes, j.perms, j.token, namedResolver)
		if err != nil {
			return walk.Created{Kind: walk.CreateVendor, Endpoint: j.tmpl.URL, Name: c.Name}, nil,
				fmt.Errorf("the profile's %w", err)
		}
		c.Vendor = &v
	}
	return walk.Create(ctx, hc, c)
}

// namedResolver resolves a template's reference and names its field when
// it does not resolve.
func namedResolver(ctx context.Context, what, ref string) (string, error) {
	v, err := tuiResolver(nil)(ctx, what, ref)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// orElse returns a, or b when a is empty.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// keepOneTime stores every value with the chosen store. A value that
// cannot be stored keeps its error and is shown once.
func keepOneTime(store *profiles.Store, choice, name string, vals []profiles.OneTime) []profiles.OneTime {
	if store == nil {
		return profiles.KeepOneTime(
			profiles.Store{},
			errors.New("there is no config directory to hold the file"),
			choice,
			name,
			vals,
		)
	}
	return profiles.KeepOneTime(*store, nil, choice, name, vals)
}

// storageName names a stored secret after the client id, else the
// client's name, made safe as a file name.
func storageName(clientID, name string) string {
	return profiles.SecretName(orElse(clientID, name))
}

// adminTokenMsg is the result of resolveAdminTokenCmd.
type adminTokenMsg struct {
	ref, token string
	err        error
}

// resolveAdminTokenCmd resolves the template's bearer_token reference.
func resolveAdminTokenCmd(ref string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), pickTimeout)
		defer cancel()
		tok, err := resolveAny(ctx, ref)
		return adminTokenMsg{ref: ref, token: tok, err: err}
	}
}
