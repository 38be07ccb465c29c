package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// registerFlags are the flags of `oauthlens register`.
type registerFlags struct {
	profile, issuer, discovery, regURL, tokenURL string
	creationURL                                  string
	initialToken, adminToken, regToken           string
	name, scope, auth, metadata                  string
	permissions                                  multiFlag
	saveProfile, storeSecret                     string
	testToken                                    bool
	jwksFrom                                     string // register_jwks.go
}

func (f *registerFlags) register(fs *cmdFlags) {
	fs.StringVarP(&f.profile, "profile", "p", "",
		"create the client with profile `NAME`'s client_creation template (or register at its issuer)")
	fs.StringVar(&f.issuer, "issuer", "",
		"for RFC 7591 registration: find the registration_endpoint by discovery at this issuer `URL`")
	fs.StringVar(
		&f.discovery,
		"discovery",
		"",
		"discovery `STYLE`: auto, openid-configuration or oauth-authorization-server",
	)
	fs.StringVar(&f.regURL, "registration-url", "",
		"for RFC 7591 registration: the registration endpoint `URL` (skips discovery)")
	fs.StringVar(
		&f.creationURL,
		"client-creation-url",
		"",
		"vendor template: the admin API `URL` to create the client at "+
			"(overrides the profile's client_creation.url, e.g. a sandbox host)",
	)
	fs.StringVar(&f.tokenURL, "token-url", "", "the token endpoint `URL` for the test token (when there is no issuer)")
	fs.StringVar(
		&f.initialToken,
		"initial-token",
		"",
		"for RFC 7591 registration: an initial access token as a `REF`erence (sent as Bearer)",
	)
	fs.StringVar(
		&f.adminToken,
		"admin-token",
		"",
		"vendor template: the owner's admin token as a `REF`erence (overrides the template's bearer_token)",
	)
	fs.StringVar(
		&f.regToken,
		"registration-token",
		"",
		"register show|delete: the registration access token as a `REF`erence",
	)
	fs.StringVar(&f.name, "name", "", "the new client's `NAME` (client_name)")
	fs.StringVar(&f.scope, "scope", "", "the `\"A B\"` space-separated scopes for the new client")
	fs.StringVar(
		&f.auth,
		"auth",
		"",
		"how the new client authenticates (`METHOD`): basic (client_secret_basic, default) or post",
	)
	fs.StringVar(
		&f.metadata,
		"metadata",
		"",
		"for RFC 7591 registration: further client metadata as a `JSON` object, "+
			"e.g. '{\"redirect_uris\":[\"https://localhost/cb\"]}'",
	)
	fs.Var(
		&f.permissions,
		"permission",
		"vendor template: a `PERMISSION` for the new client (repeatable; default: the template's)",
	)
	fs.StringVar(
		&f.saveProfile,
		"save-profile",
		"",
		"save a profile `NAME` for the new client, its secret referred to where it was stored",
	)
	fs.StringVar(
		&f.storeSecret,
		"store-secret",
		profiles.SecretStoreFile,
		"where the one-time secret goes (`STORE`): file (0600, config dir), keyring, or print (shown once)",
	)
	f.registerJWKS(fs)
	fs.BoolVar(
		&f.testToken,
		"test-token",
		true,
		"get a token with the new client to prove it works (--test-token=false to skip)",
	)
}

// check rejects flag combinations before anything is sent.
func (f *registerFlags) check() error {
	switch {
	case f.name == "":
		return usagef("--name is required: the new client's name")
	case !slices.Contains(profiles.SecretStores, f.storeSecret):
		return usagef("--store-secret %q: use file, keyring or print", f.storeSecret)
	case f.regToken != "":
		return usagef("--registration-token is for 'register show|delete URI'")
	}
	if _, ok := flows.NormalizeAuth(f.auth); !ok {
		return usagef("--auth %q: use %s", f.auth, flows.AuthMethodsText())
	}
	if f.saveProfile != "" {
		if err := profiles.ValidName(f.saveProfile); err != nil {
			return usagef("--save-profile: %v", err)
		}
	}
	return nil
}

// registerPlan is a client creation ready to run: flags and profile
// merged, references resolved, nothing sent yet.
type registerPlan struct {
	f         *registerFlags
	prof      *profiles.Profile
	store     profiles.Store
	storeErr  error
	vendor    *flows.VendorClientRequest
	reg       *flows.RegistrationRequest
	issuer    string
	discovery string
	tokenURL  string            // from the profile or --token-url
	foundURL  string            // the token endpoint that discovery found
	key       *flows.SigningKey // --jwks-from: the key whose public half is registered
}

// plan builds the plan: a vendor template when the profile has one and no
// RFC 7591 endpoint was asked for, else RFC 7591 registration.
func (f *registerFlags) plan(ctx context.Context, env *cliEnv) (*registerPlan, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	p := &registerPlan{f: f}
	p.store, p.storeErr = profiles.DefaultStore()
	if f.profile != "" {
		prof, err := env.loadProfile(f.profile)
		if err != nil {
			return nil, err
		}
		p.prof = &prof
		p.issuer, p.discovery, p.tokenURL = prof.Issuer, prof.Discovery, prof.TokenURL
	}
	p.issuer, p.discovery, p.tokenURL = orFlag(
		f.issuer,
		p.issuer,
	), orFlag(
		f.discovery,
		p.discovery,
	), orFlag(
		f.tokenURL,
		p.tokenURL,
	)
	var err error
	if p.prof != nil && p.prof.CredentialsBy != "" && f.issuer == "" && f.regURL == "" {
		return nil, usagef("profile %s: this provider does not offer self-service clients: %s", p.prof.Name,
			flows.SanitizeLine(p.prof.CredentialsBy))
	}
	if p.prof != nil && p.prof.ClientCreation != nil && f.issuer == "" && f.regURL == "" {
		err = p.planVendor(ctx, env)
	} else {
		err = p.planRegistration(ctx, env)
	}
	if err != nil {
		return nil, err
	}
	return p, p.checkSave()
}

func orFlag(flag, base string) string {
	if flag != "" {
		return flag
	}
	return base
}

// scopes are --scope, else the profile's.
func (p *registerPlan) scopes() []string {
	if p.f.scope != "" || p.prof == nil {
		return strings.Fields(p.f.scope)
	}
	return p.prof.Scopes
}

// authMethod is --auth, else the profile's, else client_secret_basic.
func (p *registerPlan) authMethod() flows.AuthMethod {
	m := flows.AuthMethod(p.f.auth)
	if m == "" && p.f.jwksFrom != "" {
		m = flows.AuthPrivateKeyJWT
	}
	if m == "" && p.prof != nil {
		m = p.prof.AuthMethod
	}
	m, _ = flows.NormalizeAuth(m)
	return m
}

// planVendor fills the profile's client-creation template.
func (p *registerPlan) planVendor(ctx context.Context, env *cliEnv) error {
	switch {
	case p.f.initialToken != "" || p.f.metadata != "":
		return usagef(
			"--initial-token and --metadata are for RFC 7591; profile %s creates clients with its client_creation template",
			p.prof.Name,
		)
	}
	t := *p.prof.ClientCreation
	if p.f.creationURL != "" {
		t.URL = p.f.creationURL
	}
	perms := t.Permissions
	if len(p.f.permissions) > 0 {
		perms = p.f.permissions
	}
	what, ref := "profile "+p.prof.Name+": client_creation.bearer_token", t.BearerToken
	if p.f.adminToken != "" {
		what, ref = "--admin-token", p.f.adminToken
	}
	token, err := env.resolveSecret(ctx, what, ref, true)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(t.Headers)) {
		if profiles.IsLiteral(t.Headers[name]) && flows.IsSecretHeader(name) {
			env.warnLiteral("client_creation.headers."+name, false)
		}
	}
	resolve := func(ctx context.Context, what, ref string) (string, error) {
		return env.resolveSecret(ctx, what, ref, false)
	}
	v, err := walk.VendorRequest(ctx, t, p.f.name, p.scopes(), perms, token, resolve)
	if err != nil {
		return &configError{fmt.Sprintf("profile %s: %v", p.prof.Name, err)}
	}
	p.vendor = &v
	return nil
}

// planRegistration prepares an RFC 7591 registration request.
func (p *registerPlan) planRegistration(ctx context.Context, env *cliEnv) error {
	switch {
	case p.f.adminToken != "" || len(p.f.permissions) > 0:
		return usagef("--admin-token and --permission are for a profile's client_creation template (-p NAME)")
	case p.f.regURL == "" && p.issuer == "":
		return usagef(
			"say where to create the client: --issuer URL (discovery finds the registration_endpoint), --registration-url URL, or -p PROFILE",
		)
	}
	md, err := flows.ParseExtraMetadata(p.f.metadata)
	if err != nil {
		return usagef("--metadata: %v", err)
	}
	iat, err := env.resolveSecret(ctx, "--initial-token", p.f.initialToken, true)
	if err != nil {
		return err
	}
	if md, err = p.addJWKS(ctx, env, md); err != nil {
		return err
	}
	p.reg = &flows.RegistrationRequest{Endpoint: p.f.regURL, InitialAccessToken: iat, ClientName: p.f.name,
		Scopes: p.scopes(), AuthMethod: p.authMethod(), Metadata: md}
	return nil
}

// checkSave refuses, before anything is created, a --save-profile that
// could not be saved.
func (p *registerPlan) checkSave() error {
	name := p.f.saveProfile
	if name == "" {
		return nil
	}
	if p.storeErr != nil {
		return &configError{fmt.Sprintf("--save-profile: %v", p.storeErr)}
	}
	if _, err := p.store.Load(name); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return &configError{
			fmt.Sprintf(
				"--save-profile: a profile named %q already exists (pick another name, or remove it: oauthlens profiles rm %s)",
				name,
				name,
			),
		}
	}
	trial := p.profileFor(walk.Created{ClientID: "x", AuthMethod: p.authMethod()}, "env:X")
	if err := trial.Validate(); err != nil {
		return usagef("--save-profile: the profile would not be valid (give --issuer or --token-url): %v", err)
	}
	return nil
}

// create creates the client through the walk (discovering the
// registration endpoint when needed, behind the issuer check). The created
// values come back even with an error when the answer held any, so that a
// secret is never lost.
func (p *registerPlan) create(ctx context.Context, hc *http.Client, g walk.Guards) (walk.Created,
	[]flows.Exchange, error) {
	c := walk.Creation{Name: p.f.name, Scopes: p.scopes(), AuthMethod: p.authMethod(), Vendor: p.vendor,
		Registration: p.reg, Issuer: p.issuer, Discovery: p.discovery, Guards: g}
	cl, exs, err := walk.Create(ctx, hc, c)
	p.foundURL = cl.TokenURL
	return cl, exs, err
}

// profileFor is the profile --save-profile writes for c.
func (p *registerPlan) profileFor(c walk.Created, secretRef string) profiles.Profile {
	var np profiles.Profile
	if p.prof != nil {
		np = *p.prof
		np.Builtin, np.Warnings = false, nil
	}
	np.Name, np.Issuer, np.TokenURL, np.Discovery = p.f.saveProfile, p.issuer, p.tokenURL, p.discovery
	np.ClientID, np.ClientSecret, np.AuthMethod = c.ClientID, secretRef, flows.AuthMethod(c.AuthMethod)
	np.Key = cmp.Or(p.f.jwksFrom, np.Key)
	if c.Scope != "" {
		np.Scopes = strings.Fields(c.Scope)
	}
	np.Description = fmt.Sprintf(
		"client %q made by oauthlens register on %s",
		p.f.name,
		time.Now().Format("2006-01-02"),
	)
	return np.WithDefaults()
}

// withFlagHint adds the flag that fixes a creation error: --metadata for a
// member the server insists on, --initial-token or --admin-token for a
// refused or missing token.
func (p *registerPlan) withFlagHint(err error) error {
	var ce *flows.CreationError
	switch {
	case !errors.As(err, &ce):
		return err
	case ce.Example != "":
		return fmt.Errorf("%w (add it with --metadata '%s')", err, ce.Example)
	case ce.NeedsToken && p.vendor != nil:
		return fmt.Errorf(
			"%w (give the token with --admin-token REF, or set the profile's client_creation.bearer_token)",
			err,
		)
	case ce.NeedsToken && p.reg != nil && p.reg.InitialAccessToken == "":
		return fmt.Errorf("%w (give it with --initial-token REF)", err)
	}
	return err
}
