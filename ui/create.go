package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

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

// createPlan is a client creation ready to send; the command takes it by
// value.
type createPlan struct {
	kind        string // "rfc7591" or "vendor"
	reg         flows.RegistrationRequest
	vendor      flows.VendorClientRequest
	tmplHeaders map[string]string // the template's headers, references resolved in the command
	store       *profiles.Store
	choice      string // profiles.SecretStore*
	name        string
	authMethod  flows.AuthMethod
	scopes      []string
}

// createPlan builds the creation request from step 2's form and step 3's
// scopes. Errors say which field to fix.
func (m *Model) createPlan() (createPlan, error) {
	cp := &m.client
	if ok, why := cp.available(cp.mode); !ok {
		return createPlan{}, &flows.ConfigError{Msg: why}
	}
	f := cp.createForm(cp.mode)
	p := createPlan{name: f.value(fNewName), store: m.store, scopes: m.token.scopes()}
	var ok bool
	if p.choice, ok = storeNames[f.value(fNewStore)]; !ok {
		return p, &flows.ConfigError{Msg: fmt.Sprintf("Store secret in %q: choose file, keyring or show once (←/→ on the field)", f.value(fNewStore))}
	}
	if p.name == "" {
		return p, &flows.ConfigError{Msg: "no client name: tab goes to Client name; type a name for the new client"}
	}
	if p.authMethod, ok = cp.authMethod(); !ok {
		return p, &flows.ConfigError{Msg: fmt.Sprintf("unknown auth method %q: use basic or post (existing credentials, ←)", cp.authText())}
	}
	token := strings.TrimSpace(f.fields[fNewToken].input.Value())
	if cp.mode == modeRegister {
		md, err := flows.ParseExtraMetadata(f.value(fNewExtra))
		p.kind, p.reg = "rfc7591", flows.RegistrationRequest{Endpoint: cp.regEndpoint, InitialAccessToken: token,
			ClientName: p.name, Scopes: p.scopes, AuthMethod: p.authMethod, Metadata: md}
		return p, err
	}
	return p, p.planVendor(*cp.tmpl, token, strings.Fields(strings.ReplaceAll(f.value(fNewExtra), ",", " ")))
}

// planVendor fills the profile's client_creation template.
func (p *createPlan) planVendor(t profiles.ClientTemplate, token string, perms []string) error {
	body, err := t.RenderBody(p.name, p.scopes, perms)
	if err != nil {
		return &flows.ConfigError{Msg: "the profile's client_creation.body: " + err.Error()}
	}
	p.kind, p.tmplHeaders = "vendor", t.Headers
	p.vendor = flows.VendorClientRequest{Method: t.Method, URL: t.URL, AdminToken: token, Body: []byte(body),
		ClientIDPath: t.ClientIDPath, ClientSecretPath: t.ClientSecretPath}
	return nil
}

// newClient is a client just created, by either kind.
type newClient struct {
	kind, endpoint    string
	name              string // the name asked for
	clientID, secret  string
	authMethod, scope string
	secretExpires     time.Time
	regURI, regToken  string
	answer            []byte // a vendor answer whose secret was not at the template's path
}

// clientCreatedMsg is the result of createClientCmd. By the time it is
// sent, every one-time value has been stored (or failed to be, and is
// carried here to be shown once).
type clientCreatedMsg struct {
	seq    int
	client newClient
	exs    []flows.Exchange
	kept   []profiles.OneTime
	choice string
	err    error
}

// createClientCmd creates the client and, before answering, stores its
// one-time values: quitting as soon as the answer is on screen loses
// nothing.
func createClientCmd(ctx context.Context, hc *http.Client, p createPlan, seq int) tea.Cmd {
	return func() tea.Msg {
		nc, exs, err := p.create(ctx, hc)
		kept := keepOneTime(p.store, p.choice, storageName(nc.clientID, p.name), profiles.OneTimeValues(nc.secret, nc.regToken, nc.answer))
		return clientCreatedMsg{seq: seq, client: nc, exs: exs, kept: kept, choice: p.choice, err: err}
	}
}

func (p createPlan) create(ctx context.Context, hc *http.Client) (newClient, []flows.Exchange, error) {
	scope := strings.Join(p.scopes, " ")
	if p.kind == "rfc7591" {
		reg, ex, err := flows.Register(ctx, hc, p.reg)
		return newClient{kind: p.kind, endpoint: p.reg.Endpoint, name: p.name, clientID: reg.ClientID, secret: reg.ClientSecret,
			authMethod: orElse(reg.TokenEndpointAuthMethod, string(p.authMethod)), scope: orElse(reg.Scope, scope),
			secretExpires: reg.SecretExpiresAt, regURI: reg.RegistrationClientURI, regToken: reg.RegistrationAccessToken,
		}, []flows.Exchange{ex}, err
	}
	v := p.vendor
	nc := newClient{kind: p.kind, endpoint: v.URL, name: p.name, authMethod: string(p.authMethod), scope: scope}
	v.Header = http.Header{}
	for name, ref := range p.tmplHeaders {
		val, err := resolveAny(ctx, ref)
		if err != nil {
			return nc, nil, fmt.Errorf("the profile's client_creation.headers.%s: %w", name, err)
		}
		v.Header.Set(name, val)
		if walk.SecretHeader(name, ref) {
			v.SecretHeaders = append(v.SecretHeaders, name)
		}
	}
	vc, ex, err := flows.CreateVendorClient(ctx, hc, v)
	nc.clientID, nc.secret = vc.ClientID, vc.ClientSecret
	var pe *flows.PathError
	if errors.As(err, &pe) && nc.secret == "" && ex.OK() {
		nc.answer = ex.ResponseBody
	}
	return nc, []flows.Exchange{ex}, err
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
		return profiles.KeepOneTime(profiles.Store{}, errors.New("there is no config directory to hold the file"), choice, name, vals)
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
