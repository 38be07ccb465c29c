package cli

import "github.com/oauthlens/oauthlens/flows"

// authMore are the token flags beyond a client secret: the client's key
// (private_key_jwt), the assertion's audience.
type authMore struct {
	key, keyAlg, assertionAud string
}

func (m *authMore) register(fs *cmdFlags) {
	fs.StringVar(&m.key, "key", "", "the client's PEM private key as a `REF`erence (file:PATH, keyring:NAME, "+
		"cmd:COMMAND, env:NAME), for private_key_jwt; make one with 'oauthlens keys new'")
	fs.StringVar(&m.keyAlg, "key-alg", "", "the `ALG` to sign with when the key allows several: RS256 (default) or PS256")
	fs.StringVar(&m.assertionAud, "assertion-aud", "", "the client assertion's aud (`WHERE`): token (the token "+
		"endpoint, default) or issuer")
}

// needsSecret reports whether a method needs the client secret.
func needsSecret(m flows.AuthMethod) bool {
	switch m {
	case flows.AuthNone, flows.AuthPrivateKeyJWT:
		return false
	}
	return true
}
