package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// registerManage runs `register show|delete URI`: RFC 7592 read and
// delete, authorised by the registration access token.
func (env *cliEnv) registerManage(ctx context.Context, f *registerFlags, c commonFlags, pos []string) int {
	switch {
	case len(pos) != 2 || (pos[0] != "show" && pos[0] != "delete"):
		return env.fail(
			usagef(
				"register takes no arguments, or show|delete REGISTRATION_CLIENT_URI (got %q)",
				strings.Join(pos, " "),
			),
		)
	case f.regToken == "":
		return env.fail(
			usagef(
				"register %s needs --registration-token REF: the registration_access_token stored when the client was registered",
				pos[0],
			),
		)
	case !slices.Contains(profiles.SecretStores, f.storeSecret):
		return env.fail(usagef("--store-secret %q: use file, keyring or print", f.storeSecret))
	}
	tok, err := env.resolveSecret(ctx, "--registration-token", f.regToken, true)
	if err != nil {
		return env.fail(err)
	}
	hc := c.httpClient(env)
	if pos[0] == "show" {
		return env.registerShow(ctx, hc, f, c, pos[1], tok)
	}
	ex, err := flows.DeleteRegistration(ctx, hc, pos[1], tok)
	env.report(c, false, []flows.Exchange{ex})
	if err != nil {
		return env.fail(err)
	}
	if c.json {
		env.writeLine(
			map[string]any{"deleted": true, "registration_client_uri": flows.Sanitize(pos[1]), "status": ex.Status},
		)
		return exitOK
	}
	fmt.Fprintf(
		env.stdout,
		"Deleted the registration %s (HTTP %d): the client no longer exists\n",
		flows.Sanitize(pos[1]),
		ex.Status,
	)
	return exitOK
}

// registerShow reads a registration. RFC 7592 §2.1 lets a server answer a
// read with a new client secret (or registration access token), so any
// secret in the answer is kept like a new one, never just masked away.
func (env *cliEnv) registerShow(
	ctx context.Context,
	hc *http.Client,
	f *registerFlags,
	c commonFlags,
	uri, tok string,
) int {
	reg, ex, err := flows.ReadRegistration(ctx, hc, uri, tok)
	env.report(c, false, []flows.Exchange{ex})
	if err != nil {
		return env.fail(err)
	}
	cl := walk.Created{ClientID: reg.ClientID, Secret: reg.ClientSecret}
	if reg.RegistrationAccessToken != tok {
		cl.RegToken = reg.RegistrationAccessToken
	}
	p := &registerPlan{f: f}
	p.store, p.storeErr = profiles.DefaultStore()
	vals := profiles.OneTimeValues(cl.Secret, cl.RegToken, cl.Answer)
	vals = profiles.KeepOneTime(p.store, p.storeErr, f.storeSecret, secretName(f, cl), vals)
	code := exitOK
	for _, v := range vals {
		if v.Err != nil {
			fmt.Fprintf(
				env.stderr,
				"oauthlens: WARNING: %s could not be stored (%s); it is printed on stdout, ONCE: copy it now\n",
				v.Field,
				flows.Sanitize(oneLine(v.Err.Error())),
			)
			code = exitFailed
		}
	}
	env.printRegistration(c, uri, reg.Fields, vals)
	return code
}

// printRegistration prints the fields as received, the secret ones
// replaced by where they were stored.
func (env *cliEnv) printRegistration(c commonFlags, uri string, fields map[string]any, vals []profiles.OneTime) {
	out, _ := sanitizeAny(fields).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	delete(out, "client_secret")
	delete(out, "registration_access_token")
	for _, v := range vals {
		if v.Ref != "" {
			out[v.Field+"_ref"] = v.Ref
		} else {
			out[v.Field] = v.Value
		}
	}
	if c.json {
		env.writeLine(out)
		return
	}
	fmt.Fprintf(env.stdout, "Registration %s\n", flows.Sanitize(uri))
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b, _ := json.Marshal(out[k])
		fmt.Fprintf(env.stdout, "  %-30s %s\n", flows.Sanitize(k), b)
	}
	for _, v := range vals {
		if v.Ref == "" {
			fmt.Fprintf(
				env.stdout,
				"  %s is printed above, once: the server may have issued it anew (RFC 7592 §2.1)\n",
				v.Field,
			)
		}
	}
}
