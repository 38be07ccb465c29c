package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

func (env *cliEnv) newProfilesShowCmd() *cobra.Command {
	var asJSON bool
	cmd := env.command("show NAME", "Show a profile (secrets masked)", func(pos []string) int {
		return env.profilesShow(asJSON, pos)
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the profile as JSON")
	return cmd
}

func (env *cliEnv) profilesShow(asJSON bool, pos []string) int {
	if len(pos) != 1 {
		return env.fail(usagef("profiles show takes one profile name"))
	}
	p, err := env.loadProfile(pos[0])
	if err != nil {
		return env.fail(err)
	}
	shown := maskedProfile(p)
	if asJSON {
		var m map[string]any
		b, _ := yaml.Marshal(shown)
		if err := yaml.Unmarshal(b, &m); err != nil {
			return env.fail(err)
		}
		m["secret"] = secretWhere(p)
		m["plain_text"] = p.PlainText()
		return env.writeJSON(m)
	}
	fmt.Fprintf(env.stdout, "# %s\n", secretLine(p))
	enc := yaml.NewEncoder(env.stdout)
	enc.SetIndent(2) // as in the profile files
	if err := enc.Encode(shown); err != nil {
		return env.fail(err)
	}
	enc.Close()
	for _, f := range p.PlainText() {
		fmt.Fprintf(
			env.stdout,
			"# WARNING: %s is stored in plain text in the profile file; use env:, file:, cmd: or keyring: instead\n",
			f,
		)
	}
	return exitOK
}

func secretLine(p profiles.Profile) string {
	if p.Key != "" && p.ClientSecret == "" {
		return "private key: " + profiles.Describe(p.Key)
	}
	return "client secret: " + secretWhere(p)
}

// maskedProfile returns a copy of p with every literal secret masked.
// References are shown: they say where a secret lives, not what it is.
func maskedProfile(p profiles.Profile) profiles.Profile {
	mask := func(v string) string {
		if profiles.IsLiteral(v) {
			return flows.Mask
		}
		return v
	}
	p.ClientSecret = mask(p.ClientSecret)
	p.APIHeaders = maps.Clone(p.APIHeaders)
	for k, v := range p.APIHeaders {
		if flows.IsSecretHeader(k) {
			p.APIHeaders[k] = mask(v)
		}
	}
	if c := p.ClientCreation; c != nil {
		cc := *c
		cc.BearerToken = mask(cc.BearerToken)
		cc.Headers = maps.Clone(cc.Headers)
		for k, v := range cc.Headers {
			if flows.IsSecretHeader(k) {
				cc.Headers[k] = mask(v)
			}
		}
		p.ClientCreation = &cc
	}
	return p
}

// newProfileFlags are the flags of `oauthlens profiles new`.
type newProfileFlags struct {
	auth                      authFlags
	headers                   multiFlag
	tmpl, apiBase, test, desc string
	baseURL                   string
	plain                     bool
}

func (env *cliEnv) newProfilesNewCmd() *cobra.Command {
	var f newProfileFlags
	cmd := env.command("new NAME", "Create a profile, from a template or from flags", func(pos []string) int {
		return env.profilesNew(f, pos)
	})
	cmd.Aliases = []string{"add"}
	cmd.Long = "Create a profile, from a built-in template or from flags.\n\n" +
		"Synopsis: oauthlens profiles new NAME [--template T] [token flags] [--api-base-url URL] [-H \"K: V\"]... " +
		"[--test \"GET /path\"]"
	cmd.Example = "oauthlens profiles new flo --template floriday-staging"
	fs := flagsOf(cmd)
	f.auth.registerSettings(fs)
	fs.StringVar(&f.tmpl, "template", "", "start from the built-in template `T` (see 'oauthlens templates')")
	fs.StringVar(&f.apiBase, "api-base-url", "",
		"the API's base `URL` (paths in call and the test request are relative to it)")
	fs.VarP(&f.headers, "header", "H",
		"an API header `\"K: V\"` sent with every call (repeatable; the value may be a reference)")
	fs.StringVar(&f.test, "test", "", "the test request, `\"METHOD /path\"`")
	fs.StringVar(&f.desc, "description", "", "a `DESCRIPTION` of the profile")
	fs.StringVar(&f.baseURL, "base-url", "", "move every URL of the template (issuer, token, API, client creation) "+
		"to this scheme and host `URL`, e.g. a sandbox")
	fs.BoolVar(&f.plain, "store-plain-secret", false,
		"allow a literal --client-secret to be written into the profile file in plain text")
	return cmd
}

func (env *cliEnv) profilesNew(f newProfileFlags, pos []string) int {
	if len(pos) != 1 {
		return env.fail(usagef("profiles new takes one profile name"))
	}
	p, err := newProfileBase(pos[0], f.tmpl)
	if err != nil {
		return env.fail(err)
	}
	if f.baseURL != "" {
		if p, err = profiles.Rebase(p, f.baseURL); err != nil {
			return env.fail(usagef("%v", err))
		}
	}
	if err := applyProfileFlags(&p, f.auth, f.headers, f.apiBase, f.test, f.desc, f.plain); err != nil {
		return env.fail(err)
	}
	return env.saveNewProfile(p)
}

func newProfileBase(name, tmpl string) (profiles.Profile, error) {
	if tmpl == "" {
		if err := profiles.ValidName(name); err != nil {
			return profiles.Profile{}, usagef("%v", err)
		}
		return profiles.Profile{Name: name}.WithDefaults(), nil
	}
	p, err := profiles.FromTemplate(tmpl, name)
	if err != nil {
		return p, usagef("%v", err)
	}
	return p, nil
}

// applyProfileFlags writes the given flags into p. A literal secret is
// refused unless --store-plain-secret says so.
func applyProfileFlags(
	p *profiles.Profile,
	a authFlags,
	headers []string,
	apiBase, test, desc string,
	plain bool,
) error {
	if a.clientSecret != "" && profiles.IsLiteral(a.clientSecret) && !plain {
		return usagef(
			"--client-secret looks like the secret itself: give a reference (env:NAME, file:PATH, cmd:COMMAND, keyring:NAME), or add --store-plain-secret to write it in plain text",
		)
	}
	ov := a.overrides()
	ov.APIHeaders = headers
	np, err := walk.ApplyOverrides(*p, ov)
	var ue *walk.UsageError
	if errors.As(err, &ue) {
		return usagef("%s", ue.Msg)
	}
	*p = np
	return applyAPIFlags(p, apiBase, test, desc)
}

func applyAPIFlags(p *profiles.Profile, apiBase, test, desc string) error {
	if apiBase != "" {
		p.APIBaseURL = apiBase
	}
	if desc != "" {
		p.Description = desc
	}
	if test != "" {
		m, path, ok := strings.Cut(strings.TrimSpace(test), " ")
		if !ok {
			m, path = "GET", test
		}
		p.TestRequest = profiles.Request{Method: strings.ToUpper(m), Path: strings.TrimSpace(path)}
	}
	return nil
}

func (env *cliEnv) saveNewProfile(p profiles.Profile) int {
	store, err := env.store()
	if err != nil {
		return env.fail(err)
	}
	if _, err := store.Load(p.Name); !errors.Is(
		err,
		fs.ErrNotExist,
	) { // also a file that does not load: never overwrite it
		return env.fail(
			&configError{
				fmt.Sprintf(
					"a profile named %q already exists (remove it first: oauthlens profiles rm %s)",
					p.Name,
					p.Name,
				),
			},
		)
	}
	if err := p.Validate(); err != nil {
		return env.fail(&configError{fmt.Sprintf("profile %s: %v", p.Name, err)})
	}
	if err := store.Save(p); err != nil {
		return env.fail(&configError{fmt.Sprintf("saving profile %s: %v", p.Name, err)})
	}
	fmt.Fprintf(env.stdout, "Saved profile %s to %s\n%s\n", p.Name, store.Path(p.Name), secretLine(p))
	if ph := p.Placeholders(); len(ph) > 0 {
		fmt.Fprintf(env.stdout, "Fill in before use: %s (edit the file).\n", strings.Join(ph, ", "))
	}
	if vars := envRefs(p); len(vars) > 0 {
		fmt.Fprintf(env.stdout, "Set before use: export %s\n", strings.Join(vars, "=… ")+"=…")
	}
	if c := p.ClientCreation; c != nil {
		if kind, v := profiles.ParseRef(c.BearerToken); kind == profiles.KindEnv {
			fmt.Fprintf(env.stdout, "For 'oauthlens register -p %s': export %s=…\n", p.Name, v)
		}
	}
	return exitOK
}

// envRefs lists the environment variables a profile's references read.
func envRefs(p profiles.Profile) []string {
	refs := []string{p.ClientSecret}
	for _, k := range slices.Sorted(maps.Keys(p.APIHeaders)) {
		refs = append(refs, p.APIHeaders[k])
	}
	var out []string
	for _, r := range refs {
		if kind, v := profiles.ParseRef(r); kind == profiles.KindEnv && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
