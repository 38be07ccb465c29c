package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// completeFunc completes a flag's value or a positional argument.
type completeFunc = cobra.CompletionFunc

// flagCompletions are the dynamic completions of flag values, by flag name;
// every command that has the flag gets its completion.
var flagCompletions = map[string]completeFunc{
	"profile":      completeProfiles,
	"template":     completeTemplates,
	"fault":        completeFaults,
	"auth":         fixedValues(authValues),
	"discovery":    fixedValues([]string{flows.StyleAuto, flows.StyleOIDC, flows.StyleRFC8414}),
	"store-secret": fixedValues(profiles.SecretStores),
	"hint":         fixedValues([]string{"access_token", "refresh_token"}),
	"grant":        fixedValues(grantValues),
	"alg":          fixedValues(flows.SigningAlgs),
	"key-alg":      fixedValues([]string{"RS256", "PS256"}),
	"assertion-aud": fixedValues([]string{"token\tthe token endpoint URL (the default)",
		"issuer\tthe issuer identifier"}),
	"store":                fixedValues(profiles.SecretStores),
	"subject-token-type":   fixedValues(flows.TokenTypes),
	"actor-token-type":     fixedValues(flows.TokenTypes),
	"requested-token-type": fixedValues(flows.TokenTypes),
}

// grantValues are the --grant values, described.
var grantValues = []string{
	"client_credentials\tRFC 6749 §4.4 (the default)",
	"token_exchange\tRFC 8693: trade --subject-token (and --actor-token) for a new token",
	"jwt_bearer\tRFC 7523 §2.1: an --assertion, or one signed with --key",
	"device\tRFC 8628: a user approves on another device (the user code on stderr)",
	"refresh_token\tRFC 6749 §6: trade --refresh-token for a new token",
	"authorization_code\tRFC 6749 §4.1 with PKCE: a user logs in in a browser",
}

// authValues are the --auth values flows.NormalizeAuth accepts, described.
var authValues = []string{
	"basic\tclient_secret_basic: HTTP Basic authentication (the default)",
	"post\tclient_secret_post: the credentials in the form body",
	string(flows.AuthBasic) + "\tHTTP Basic authentication (the default)",
	string(flows.AuthPost) + "\tthe credentials in the form body",
	string(flows.AuthNone) + "\ta public client: the client id only, no secret",
	string(flows.AuthPrivateKeyJWT) + "\ta JWT signed with the client's private key (--key; RFC 7523)",
	string(flows.AuthClientSecretJWT) + "\ta JWT signed with the client secret (HS256)",
	"tls\ttls_client_auth: the client certificate (--cert, --key; RFC 8705)",
	"self_signed_tls\tself_signed_tls_client_auth: a self-signed client certificate (RFC 8705)",
	string(flows.AuthTLS) + "\tthe client certificate from a CA the server trusts (RFC 8705)",
	string(flows.AuthSelfSignedTLS) + "\ta self-signed client certificate registered with the client",
}

// registerCompletions walks the tree and registers the completion of every
// flag in flagCompletions, and of the profile names profiles show and rm take.
func (env *cliEnv) registerCompletions(cmd *cobra.Command) {
	for name, f := range flagCompletions {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, f)
		}
	}
	if cmd.HasParent() && cmd.Parent().Name() == "profiles" && (cmd.Name() == "show" || cmd.Name() == "rm") {
		cmd.ValidArgsFunction = firstArg(completeProfiles)
	}
	for _, sub := range cmd.Commands() {
		env.registerCompletions(sub)
	}
}

// firstArg applies f to the first positional argument only.
func firstArg(f completeFunc) completeFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f(cmd, args, toComplete)
	}
}

// fixedValues completes one of vals (each "value\tdescription").
func fixedValues(vals []string) completeFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return withPrefix(vals, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// withPrefix keeps the values (before any tab) that start with prefix.
func withPrefix(vals []string, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, v := range vals {
		if name, _, _ := strings.Cut(v, "\t"); strings.HasPrefix(name, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// completeProfiles offers the saved profiles' names and the built-in demo
// profile. Profiles that do not load are still offered by name.
func completeProfiles(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	names := []string{"demo\tthe built-in demo profile (oauthlens demo --serve)"}
	if store, err := profiles.DefaultStore(); err == nil {
		list, _ := store.List()
		for _, p := range list {
			if p.Name == "demo" {
				names[0] = "demo"
				continue
			}
			names = append(names, described(p.Name, p.Description))
		}
	}
	return withPrefix(names, toComplete), cobra.ShellCompDirectiveNoFileComp
}

// completeTemplates offers the built-in provider templates.
func completeTemplates(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var names []string
	for _, t := range profiles.Templates() {
		names = append(names, described(t.Name, t.Description))
	}
	return withPrefix(names, toComplete), cobra.ShellCompDirectiveNoFileComp
}

// completeFaults offers the demo fault switches; --fault takes a
// comma-separated list, so the names already given are kept in front.
func completeFaults(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	given := strings.Split(done, ",")
	var out []cobra.Completion
	for _, f := range demo.Faults {
		name := string(f.Name)
		if strings.HasPrefix(name, last) && !slices.Contains(given, name) {
			out = append(out, described(done+name, f.Description))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// described joins a value and its one-line description for the shells
// that show descriptions.
func described(value, description string) string {
	if description == "" {
		return value
	}
	line, _, _ := strings.Cut(description, "\n")
	return value + "\t" + line
}
