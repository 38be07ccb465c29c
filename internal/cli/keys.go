package cli

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// keysFlags are the flags of `oauthlens keys new`.
type keysFlags struct {
	alg, name, store string
	json             bool
}

func (env *cliEnv) newKeysCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "keys", Short: "Make client key pairs for private_key_jwt"}
	var f keysFlags
	newCmd := env.command(
		"new",
		"Make a key pair: store the private key, print the public JWKS",
		func(pos []string) int {
			return env.cmdKeysNew(f, pos)
		},
	)
	newCmd.Long = "Make a key pair for private_key_jwt (RFC 7523 §2.2): the private key is stored by reference " +
		"(a 0600 file in the config dir, or the keyring) and never printed unless --store print; the public JWK Set " +
		"is printed on stdout, ready to register with the server (or with 'oauthlens register --jwks-from REF').\n\n" +
		"Synopsis: oauthlens keys new [--alg ES256|RS256|PS256|ES384|EdDSA] [--name NAME]\n" +
		"  [--store file|keyring|print] [--json]"
	newCmd.Example = "oauthlens keys new --alg ES256 --name acme-key\n" +
		"oauthlens register --issuer http://127.0.0.1:9400 --name svc --jwks-from file:~/.config/oauthlens/secrets/acme-key"
	fs := flagsOf(newCmd)
	fs.StringVar(&f.alg, "alg", "ES256", "the signing `ALG`: "+strings.Join(flows.SigningAlgs, ", "))
	fs.StringVar(&f.name, "name", "client-key", "the stored key's `NAME` (NAME-2, … when taken)")
	fs.StringVar(&f.store, "store", profiles.SecretStoreFile, "where the private key goes (`STORE`): file (0600, "+
		"config dir), keyring, or print (on stdout, stored nowhere)")
	fs.BoolVar(&f.json, "json", false, "print {alg, kid, key, jwks} as JSON")
	cmd.AddCommand(newCmd)
	return cmd
}

// cmdKeysNew makes the key pair, stores the private key and prints the
// reference and the public JWKS.
func (env *cliEnv) cmdKeysNew(f keysFlags, pos []string) int {
	switch {
	case len(pos) > 0:
		return env.fail(usagef("keys new takes no arguments (got %q)", pos[0]))
	case !slices.Contains(profiles.SecretStores, f.store):
		return env.fail(usagef("--store %q: use file, keyring or print", f.store))
	}
	key, pemBytes, err := flows.GenerateSigningKey(f.alg)
	if err != nil {
		return env.fail(usagef("--alg: %v", err))
	}
	if f.store == profiles.SecretStorePrint {
		env.showOnStdout("PRIVATE_KEY") // asked for: the key is this command's output
	}
	env.learn(flows.PrivateKeySecrets(string(pemBytes))...)
	ref := ""
	if f.store != profiles.SecretStorePrint {
		store, err := profiles.DefaultStore()
		if err == nil {
			ref, err = profiles.StoreOneTimeSecret(store, f.store, f.name, strings.TrimSpace(string(pemBytes)))
		}
		if err != nil {
			return env.fail(
				fmt.Errorf("storing the private key with --store %s: %w (nothing was printed)", f.store, err),
			)
		}
	}
	jwks, err := key.PublicJWKS()
	if err != nil {
		return env.fail(err)
	}
	if f.json {
		out := map[string]any{"alg": key.Alg, "kid": key.KID, "key": ref, "jwks": jwks}
		if ref == "" {
			out["private_key_pem"] = string(pemBytes)
		}
		return env.writeJSON(out)
	}
	return env.printKeys(key, ref, string(pemBytes), jwks)
}

// printKeys prints the reference (or the key, for --store print) and the
// JWKS to register.
func (env *cliEnv) printKeys(key *flows.SigningKey, ref, pemText string, jwks map[string]any) int {
	if ref != "" {
		fmt.Fprintf(env.stderr, "Private key (%s, kid %s) stored as %s\n", key.Alg, key.KID, ref)
		fmt.Fprintf(env.stderr, "Use it with --auth private_key_jwt --key %s, or in a profile as key: %s\n", ref, ref)
		fmt.Fprintf(env.stderr, "Register the public JWKS below (or: oauthlens register --jwks-from %s)\n", ref)
	} else {
		fmt.Fprintln(env.stderr, "oauthlens: WARNING: the private key is printed ONCE below and stored nowhere; "+
			"keep it safe")
		fmt.Fprint(env.stdout, pemText)
	}
	b, _ := json.MarshalIndent(jwks, "", "  ")
	fmt.Fprintln(env.stdout, string(b))
	return exitOK
}
