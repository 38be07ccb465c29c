package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/profiles"
)

// loadProfile loads a saved profile by name. The built-in demo profile
// (pointing at `oauthlens demo --serve`'s default address) is there too
// unless a saved profile has its name. Problems are configuration errors
// (exit code 2); load warnings go to stderr.
func (env *cliEnv) loadProfile(name string) (profiles.Profile, error) {
	store, err := profiles.DefaultStore()
	if err != nil {
		return profiles.Profile{}, &configError{fmt.Sprintf("profiles: %v", err)}
	}
	p, err := store.Load(name)
	if errors.Is(err, fs.ErrNotExist) {
		if t, ok := profiles.Template(name); ok && name == "demo" {
			return t, nil
		}
		hint := "see 'oauthlens profiles list'"
		if _, ok := profiles.Template(name); ok {
			hint = fmt.Sprintf(
				"%q is a template: create a profile from it with 'oauthlens profiles new NAME --template %s'",
				name,
				name,
			)
		}
		return p, &configError{fmt.Sprintf("no profile named %q in %s (%s)", name, store.Dir, hint)}
	}
	if err != nil {
		return p, &configError{fmt.Sprintf("profile %s: %v", name, err)}
	}
	for _, w := range p.Warnings {
		fmt.Fprintln(env.stderr, "oauthlens: warning: "+w.Error())
	}
	return p, nil
}

func (env *cliEnv) newProfilesCmd() *cobra.Command {
	var cmd *cobra.Command
	cmd = env.command("profiles", "List, show, create and remove saved profiles", func(pos []string) int {
		switch {
		case len(pos) == 0:
			return env.profilesList(false)
		case pos[0] == "help":
			_ = cmd.Help()
			return exitOK
		}
		return env.fail(usagef("profiles %s: unknown subcommand (list, show, new, rm)", pos[0]))
	})
	cmd.Aliases = []string{"profile"}
	cmd.Long = profilesLong
	cmd.AddCommand(env.newProfilesListCmd(), env.newProfilesShowCmd(), env.newProfilesNewCmd(), env.newProfilesRmCmd())
	return cmd
}

const profilesLong = `List, show, create and remove saved profiles.

Profiles live in $XDG_CONFIG_HOME/oauthlens/profiles/NAME.yaml (mode 0600).
They hold secret references (env:, file:, cmd:, keyring:), not secrets.`

func (env *cliEnv) store() (profiles.Store, error) {
	s, err := profiles.DefaultStore()
	if err != nil {
		return s, &configError{err.Error()}
	}
	return s, nil
}

func (env *cliEnv) newProfilesListCmd() *cobra.Command {
	var asJSON bool
	cmd := env.command("list", "List the saved profiles", func(pos []string) int {
		if len(pos) > 0 {
			return env.fail(usagef("profiles list takes no arguments (got %q)", pos[0]))
		}
		return env.profilesList(asJSON)
	})
	cmd.Aliases = []string{"ls"}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

func (env *cliEnv) profilesList(asJSON bool) int {
	store, err := env.store()
	if err != nil {
		return env.fail(err)
	}
	list, problems := store.List()
	for _, p := range problems {
		fmt.Fprintln(env.stderr, "oauthlens: "+p.Error())
	}
	if asJSON {
		out := make([]map[string]any, 0, len(list))
		for _, p := range list {
			out = append(out, profileSummary(p))
		}
		return env.writeJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintf(
			env.stdout,
			"No profiles yet in %s.\nCreate one: oauthlens profiles new NAME --template T   (see 'oauthlens templates')\n",
			store.Dir,
		)
		return exitOK
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tISSUER / TOKEN URL\tAUTH\tSECRET")
	for _, p := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name, endpointOf(p), p.AuthMethod, secretWhere(p))
	}
	tw.Flush()
	return exitOK
}

func endpointOf(p profiles.Profile) string {
	if p.Issuer != "" {
		return p.Issuer
	}
	return p.TokenURL
}

// secretWhere says where the client secret lives, flagging plain text.
func secretWhere(p profiles.Profile) string {
	if p.ClientSecret == "" {
		return "(none)"
	}
	if profiles.IsLiteral(p.ClientSecret) && !p.Builtin {
		return "PLAIN TEXT in the profile file"
	}
	return profiles.Describe(p.ClientSecret)
}

// profileSummary is the documented --json shape of one profile in a list.
func profileSummary(p profiles.Profile) map[string]any {
	return map[string]any{"name": p.Name, "description": p.Description, "issuer": p.Issuer, "token_url": p.TokenURL,
		"auth_method": p.AuthMethod, "client_id": p.ClientID, "secret": secretWhere(p), "plain_text": p.PlainText()}
}

func (env *cliEnv) newProfilesRmCmd() *cobra.Command {
	cmd := env.command("rm NAME", "Remove a saved profile", env.profilesRm)
	cmd.Aliases = []string{"remove", "delete"}
	return cmd
}

func (env *cliEnv) profilesRm(args []string) int {
	if len(args) != 1 {
		return env.fail(usagef("profiles rm takes one profile name"))
	}
	store, err := env.store()
	if err != nil {
		return env.fail(err)
	}
	if err := store.Delete(args[0]); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return env.fail(&configError{fmt.Sprintf("no profile named %q", args[0])})
		}
		return env.fail(&configError{err.Error()})
	}
	fmt.Fprintf(env.stdout, "Removed profile %s (secrets it referred to were left where they are).\n", args[0])
	return exitOK
}

func (env *cliEnv) newTemplatesCmd() *cobra.Command {
	var asJSON bool
	cmd := env.command("templates", "List the built-in provider templates", func(pos []string) int {
		if len(pos) > 0 {
			return env.fail(usagef("templates takes no arguments (got %q)", pos[0]))
		}
		return env.cmdTemplates(asJSON)
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the templates as JSON")
	return cmd
}

func (env *cliEnv) cmdTemplates(asJSON bool) int {
	list := profiles.Templates()
	if asJSON {
		out := make([]map[string]any, 0, len(list))
		for _, t := range list {
			out = append(
				out,
				map[string]any{
					"name":         t.Name,
					"description":  t.Description,
					"issuer":       t.Issuer,
					"token_url":    t.TokenURL,
					"grant":        cmp.Or(t.Grant, "client_credentials"),
					"placeholders": t.Placeholders(),
				},
			)
		}
		return env.writeJSON(out)
	}
	for _, t := range list {
		fmt.Fprintf(env.stdout, "%-18s %s\n", t.Name, t.Description)
	}
	fmt.Fprintln(env.stdout, "\nStart a profile from one: oauthlens profiles new NAME --template T")
	return exitOK
}
