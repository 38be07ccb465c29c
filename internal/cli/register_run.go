package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

const registerSynopsis = `register (--issuer URL | --registration-url URL) --name NAME [--initial-token REF]
         [--scope "a b"] [--auth basic|post] [--metadata JSON] [--save-profile NAME]
         [--store-secret file|keyring|print] [--test-token=false] [--json] [-v]
       oauthlens register -p NAME --name NAME [--admin-token REF] [--scope "a b"] [--permission P]... [--save-profile NAME] [...]
       oauthlens register show|delete REGISTRATION_CLIENT_URI --registration-token REF [--json] [-v]`

func (env *cliEnv) newRegisterCmd() *cobra.Command {
	var f registerFlags
	var c commonFlags
	cmd := env.command(
		"register [show|delete URI]",
		"Create a client (RFC 7591 or a vendor template)",
		func(pos []string) int { return env.cmdRegister(&f, c, pos) },
	)
	cmd.Long = "Create a client: RFC 7591 dynamic registration, or a profile's vendor client_creation " +
		"template; show or delete an RFC 7592 registration.\n\nSynopsis: oauthlens " + registerSynopsis
	cmd.Example = "oauthlens register --issuer http://127.0.0.1:9400 --name my-app --save-profile my-app"
	cmd.ValidArgs = []string{"show", "delete"}
	fs := flagsOf(cmd)
	f.register(fs)
	c.register(fs, true)
	return cmd
}

func (env *cliEnv) cmdRegister(f *registerFlags, c commonFlags, pos []string) int {
	// A new client's one-time values are printed when they could not be
	// stored (and by register show): they are what this command is for.
	env.showOnStdout("CLIENT_SECRET", "REGISTRATION_ACCESS_TOKEN")
	ctx, cancel := signalContext()
	defer cancel()
	if len(pos) > 0 {
		return env.registerManage(ctx, f, c, pos)
	}
	p, err := f.plan(ctx, env)
	if err != nil {
		return env.fail(err)
	}
	hc := c.httpClient(env)
	cl, exs, err := p.create(ctx, hc, env.guards(c))
	env.report(c, false, exs)
	return env.afterCreate(ctx, hc, p, c, cl, err)
}

// afterCreate runs the steps after the creation answer, in this order:
// the one-time values are stored (or printed), the report says where they
// went, and only then is any other request made (the test token) or the
// profile saved. A later failure never loses the secret.
func (env *cliEnv) afterCreate(
	ctx context.Context,
	hc *http.Client,
	p *registerPlan,
	c commonFlags,
	cl walk.Created,
	createErr error,
) int {
	vals := profiles.OneTimeValues(cl.Secret, cl.RegToken, cl.Answer)
	createErr = p.withFlagHint(createErr)
	if createErr != nil && len(vals) == 0 {
		return env.fail(createErr)
	}
	vals = profiles.KeepOneTime(p.store, p.storeErr, p.f.storeSecret, secretName(p.f, cl), vals)
	code := env.printCreated(p, c, cl, vals)
	if createErr != nil {
		return max(code, env.fail(createErr))
	}
	code = max(code, env.tokenTest(ctx, hc, p, c, cl))
	return max(code, env.saveCreated(p, c, cl, vals))
}

// secretName names the stored secret: the profile to save, else the
// client id, else the client's name, made safe as a file name.
func secretName(f *registerFlags, c walk.Created) string {
	name := f.saveProfile
	if name == "" {
		name = orFlag(c.ClientID, f.name)
	}
	return profiles.SecretName(name)
}

// onceWarning follows every secret printed.
const onceWarning = "^ SHOWN ONCE: the server will not show it again; copy it now"

// printCreated reports the new client and where each one-time value went;
// a value that could not be stored is printed with a warning, and the
// run then ends with exit code 1.
func (env *cliEnv) printCreated(p *registerPlan, c commonFlags, cl walk.Created, vals []profiles.OneTime) int {
	code := exitOK
	for _, v := range vals {
		if v.Err != nil {
			fmt.Fprintf(
				env.stderr,
				"oauthlens: WARNING: %s could not be stored with --store-secret %s (%s); it is printed on stdout, ONCE: copy it now%s\n",
				v.Field,
				p.f.storeSecret,
				flows.Sanitize(oneLine(v.Err.Error())),
				otherStore[p.f.storeSecret],
			)
			code = exitFailed
		}
	}
	if c.json {
		env.writeLine(createdJSON(p, cl, vals))
		return code
	}
	fmt.Fprintf(
		env.stdout,
		"Created client %q at %s (%s)\n",
		p.f.name,
		flows.SanitizeLine(cl.Endpoint),
		cl.Kind.Words(),
	)
	row := func(k, v string) { fmt.Fprintf(env.stdout, "  %-26s %s\n", k, v) }
	row("client_id", orFlag(flows.SanitizeLine(cl.ClientID), "(not found in the answer)"))
	for _, v := range vals {
		row(v.Field, where(v))
		if v.Ref == "" {
			row("", onceWarning)
		}
	}
	if cl.Kind == walk.CreateRFC7591 {
		row("secret expires", expiryWords(cl.SecretExpires))
	}
	row("auth method", string(cl.AuthMethod))
	row("scope", orFlag(flows.SanitizeLine(cl.Scope), "(server default)"))
	if cl.RegURI != "" {
		row("registration_client_uri", flows.SanitizeLine(cl.RegURI))
		fmt.Fprintf(env.stdout, "  (RFC 7592: oauthlens register show|delete %s --registration-token %s)\n",
			flows.SanitizeLine(cl.RegURI), orFlag(refOf(vals, "registration_access_token"), "REF"))
	}
	return code
}

// otherStore suggests the store to try next time.
var otherStore = map[string]string{profiles.SecretStoreKeyring: " (next time, try --store-secret file)",
	profiles.SecretStoreFile: " (next time, try --store-secret keyring, or fix the directory)"}

// refOf returns where the value of field was stored, or "".
func refOf(vals []profiles.OneTime, field string) string {
	for _, v := range vals {
		if v.Field == field {
			return v.Ref
		}
	}
	return ""
}

// where says where a value went, or is the value itself when printed.
func where(v profiles.OneTime) string {
	if v.Ref != "" {
		return "stored in " + profiles.Describe(v.Ref) + "  (" + v.Ref + ")"
	}
	if flows.Sanitize(v.Value) != v.Value {
		return strconv.Quote(v.Value) + "  (Go-quoted: it holds control characters)"
	}
	return v.Value
}

func expiryWords(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// createdJSON is the "client" line of register --json.
func createdJSON(p *registerPlan, cl walk.Created, vals []profiles.OneTime) map[string]any {
	m := map[string]any{"step": "client", "kind": cl.Kind.String(), "endpoint": flows.Sanitize(cl.Endpoint),
		"client_name": p.f.name, "client_id": flows.Sanitize(cl.ClientID), "token_endpoint_auth_method": cl.AuthMethod,
		"scope": flows.Sanitize(cl.Scope)}
	if cl.Kind == walk.CreateRFC7591 {
		m["registration_path"] = flows.PathRFC7591
		m["client_secret_expires_at"] = nil
		if !cl.SecretExpires.IsZero() {
			m["client_secret_expires_at"] = cl.SecretExpires.UTC().Format(time.RFC3339)
		}
	}
	if cl.RegURI != "" {
		m["registration_client_uri"] = flows.Sanitize(cl.RegURI)
	}
	var warnings []string
	for _, v := range vals {
		if v.Ref != "" {
			m[v.Field+"_ref"] = v.Ref
			continue
		}
		m[v.Field] = v.Value
		warnings = append(warnings, v.Field+" is shown once here: the server will not show it again")
		if v.Err != nil {
			warnings = append(warnings, v.Field+" could not be stored: "+flows.Sanitize(oneLine(v.Err.Error())))
		}
	}
	if len(warnings) > 0 {
		m["warnings"] = warnings
	}
	return m
}

// writeLine writes v as one line of JSON (register --json writes one line
// per step, as soon as the step is done).
func (env *cliEnv) writeLine(v any) {
	enc := json.NewEncoder(env.stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// tokenTest gets a token with the new client, to prove it works.
func (env *cliEnv) tokenTest(
	ctx context.Context,
	hc *http.Client,
	p *registerPlan,
	c commonFlags,
	cl walk.Created,
) int {
	if !p.f.testToken || cl.ClientID == "" || (cl.Secret == "" && p.key == nil) {
		return exitOK
	}
	s := tokenSetup{Plan: walk.Plan{Issuer: p.issuer, Discovery: p.discovery}, guards: env.guards(c)}
	s.Token = flows.TokenRequest{TokenURL: orFlag(p.tokenURL, p.foundURL), ClientID: cl.ClientID,
		ClientSecret: cl.Secret, AuthMethod: flows.AuthMethod(cl.AuthMethod), Scopes: strings.Fields(cl.Scope), Key: p.key}
	if p.prof != nil {
		s.Token.Audience, s.Token.Resource = p.prof.Audience, p.prof.Resource
	}
	if s.Token.TokenURL == "" && s.Issuer == "" {
		fmt.Fprintln(
			env.stderr,
			"oauthlens: token test skipped: no token endpoint known (give --token-url or --issuer)",
		)
		return exitOK
	}
	tok, exs, disc, err := s.acquire(ctx, hc)
	env.report(c, false, exs)
	if err != nil {
		if c.json {
			env.writeLine(map[string]any{"step": "token", "ok": false, "error": flows.Sanitize(oneLine(err.Error()))})
		}
		return env.fail(
			fmt.Errorf(
				"token test with the new client: %w (some servers need a few seconds before a new client works)",
				err,
			),
		)
	}
	env.warnToken(tok, s.Token, disc, exs) // fewer scopes granted than asked, among others
	if c.json {
		env.writeLine(map[string]any{"step": "token", "ok": true, "token_type": flows.Sanitize(tok.TokenType),
			"scope": flows.Sanitize(tok.Scope), "expires_in": tok.ExpiresIn})
		return exitOK
	}
	fmt.Fprintf(env.stdout, "Token test: OK, the new client got a %s token (expires in %s, scope %q)\n",
		flows.Sanitize(tok.TokenType), time.Duration(tok.ExpiresIn)*time.Second, flows.Sanitize(tok.Scope))
	return exitOK
}

// saveCreated writes --save-profile, its secret referring to where the
// secret was stored.
func (env *cliEnv) saveCreated(p *registerPlan, c commonFlags, cl walk.Created, vals []profiles.OneTime) int {
	if p.f.saveProfile == "" || cl.ClientID == "" {
		return exitOK
	}
	ref := refOf(vals, "client_secret")
	np := p.profileFor(cl, ref)
	path := p.store.Path(np.Name)
	if err := p.store.Save(np); err != nil {
		return env.fail(
			fmt.Errorf("saving profile %s: %w (the client and its secret are safe, see above)", np.Name, err),
		)
	}
	if c.json {
		env.writeLine(map[string]any{"step": "profile", "name": np.Name, "path": path, "client_secret": ref})
	} else {
		fmt.Fprintf(env.stdout, "Saved profile %s to %s (%s)\n", np.Name, path, secretLine(np))
	}
	if ref == "" && needsSecret(np.AuthMethod) {
		fmt.Fprintf(
			env.stderr,
			"oauthlens: profile %s has no client_secret: put the secret printed above somewhere safe and set client_secret in %s to a reference to it (env:, file:, cmd:, keyring:)\n",
			np.Name,
			path,
		)
	}
	return exitOK
}
