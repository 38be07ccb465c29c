package cli

import "fmt"

// encryptedMsg explains a JWE access token to the person holding it.
const encryptedMsg = "The token is encrypted (a JWE, RFC 7516: five parts): it is meant for the server that " +
	"can decrypt it, and only that server can say what it holds; use introspection (RFC 7662) if the server offers it"

// encrypted reports a JWE as the README promises: like an opaque token
// ({"opaque": true, …} with --json), plus "encrypted": true. Verifying a
// signature was asked for is an error: there is none to check here.
func (env *cliEnv) encrypted(asJSON, verify bool) int {
	if asJSON {
		env.writeJSON(map[string]any{"opaque": true, "encrypted": true, "message": encryptedMsg})
	} else {
		fmt.Fprintln(env.stdout, encryptedMsg+".")
	}
	if verify {
		fmt.Fprintln(env.stderr, "oauthlens: decode: an encrypted token has no signature oauthlens can verify")
		return exitFailed
	}
	return exitOK
}
