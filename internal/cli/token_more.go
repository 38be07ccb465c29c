package cli

import (
	"fmt"

	"github.com/oauthlens/oauthlens/flows"
)

// authMore are the token flags beyond a client secret: the client's key
// (private_key_jwt), the assertion's audience.
type authMore struct {
	key, keyAlg, assertionAud, cert string
}

func (m *authMore) register(fs *cmdFlags) {
	fs.StringVar(&m.key, "key", "", "the client's PEM private key as a `REF`erence (file:PATH, keyring:NAME, "+
		"cmd:COMMAND, env:NAME), for private_key_jwt; make one with 'oauthlens keys new'")
	fs.StringVar(&m.keyAlg, "key-alg", "", "the `ALG` to sign with when the key allows several: RS256 (default) or PS256")
	fs.StringVar(&m.assertionAud, "assertion-aud", "", "the client assertion's aud (`WHERE`): token (the token "+
		"endpoint, default) or issuer")
	fs.StringVar(&m.cert, "cert", "", "the PEM client certificate as a `REF`erence, for mutual TLS (tls, "+
		"self_signed_tls; RFC 8705); its private key is --key")
}

// noteBinding says on stderr whether a token is bound to the client
// certificate it was asked for with (cnf x5t#S256, RFC 8705 §3.1).
func (env *cliEnv) noteBinding(tok flows.Token, req flows.TokenRequest) {
	if req.Cert == nil {
		return
	}
	thumb, bound, match := flows.CertBinding(tok.AccessToken, req.Cert)
	switch {
	case match:
		fmt.Fprintf(env.stderr, "oauthlens: the token is bound to the client certificate (cnf x5t#S256 %s)\n", thumb)
	case bound:
		fmt.Fprintf(env.stderr, "oauthlens: warning: the token is bound to another certificate (cnf x5t#S256 %s, "+
			"ours is %s)\n", flows.Sanitize(thumb), flows.CertThumbprint(req.Cert))
	}
}

// needsSecret reports whether a method needs the client secret.
func needsSecret(m flows.AuthMethod) bool {
	switch m {
	case flows.AuthNone, flows.AuthPrivateKeyJWT, flows.AuthTLS, flows.AuthSelfSignedTLS:
		return false
	}
	return true
}
