package cli

import (
	"fmt"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// authMore are the token flags beyond a client secret: the client's key
// (private_key_jwt), the assertion's audience.
type authMore struct {
	key, keyAlg, assertionAud, cert string
	grant                           walk.GrantOverrides
	dpop                            bool
}

func (m *authMore) register(fs *cmdFlags) {
	fs.StringVar(&m.key, "key", "", "the client's PEM private key as a `REF`erence (file:PATH, keyring:NAME, "+
		"cmd:COMMAND, env:NAME), for private_key_jwt; make one with 'oauthlens keys new'")
	fs.StringVar(
		&m.keyAlg,
		"key-alg",
		"",
		"the `ALG` to sign with when the key allows several: RS256 (default) or PS256",
	)
	fs.StringVar(&m.assertionAud, "assertion-aud", "", "the client assertion's aud (`WHERE`): token (the token "+
		"endpoint, default) or issuer")
	fs.StringVar(&m.cert, "cert", "", "the PEM client certificate as a `REF`erence, for mutual TLS (tls, "+
		"self_signed_tls; RFC 8705); its private key is --key")
	fs.BoolVar(&m.dpop, "dpop", false, "ask for a DPoP-bound token (RFC 9449): a new key pair per run, a proof on "+
		"every request (with the server's nonce when it asks)")
	g := &m.grant
	fs.StringVar(&g.Grant, "grant", "", "the `GRANT`: client_credentials (default), authorization_code, device, "+
		"refresh_token, token_exchange (RFC 8693) or jwt_bearer (RFC 7523)")
	fs.StringVar(&g.SubjectToken, "subject-token", "",
		"for --grant token_exchange: the subject token as a `REF`erence")
	fs.StringVar(&g.SubjectTokenType, "subject-token-type", "",
		"for --grant token_exchange: the subject token's `TYPE`: "+
			"access_token, refresh_token, id_token, jwt, saml1, saml2 or a URI")
	fs.StringVar(&g.ActorToken, "actor-token", "",
		"for --grant token_exchange: the actor token as a `REF`erence (delegation)")
	fs.StringVar(&g.ActorTokenType, "actor-token-type", "", "for --grant token_exchange: the actor token's `TYPE`")
	fs.StringVar(&g.RequestedTokenType, "requested-token-type", "",
		"for --grant token_exchange: the `TYPE` of token wanted")
	fs.StringVar(&g.Assertion, "assertion", "",
		"for --grant jwt_bearer: the assertion as a `REF`erence (default: sign one "+
			"with --key)")
	fs.StringVar(&g.AssertionSubject, "assertion-subject", "",
		"for --grant jwt_bearer: the `SUB` of the signed assertion "+
			"(default: the client id)")
}

// noteGrant says on stderr what a token exchange issued: the token type
// and, for a delegation, the actor (act, RFC 8693 §4.1).
func (env *cliEnv) noteGrant(tok flows.Token, req flows.TokenRequest) {
	if _, ok := req.Grant.(flows.TokenExchange); !ok {
		return
	}
	if t, _ := tok.Fields["issued_token_type"].(string); t != "" {
		fmt.Fprintf(env.stderr, "oauthlens: issued_token_type %s\n", flows.Sanitize(t))
	}
	if d, err := flows.DecodeJWT(tok.AccessToken); err == nil && d.Claims["act"] != nil {
		fmt.Fprintf(env.stderr, "oauthlens: delegation: sub %s acting through act %s\n",
			flows.ClaimText(d.Claims["sub"]), flows.ClaimText(d.Claims["act"]))
	}
}

// noteBinding says on stderr whether a token is bound to the client
// certificate it was asked for with (cnf x5t#S256, RFC 8705 §3.1).
func (env *cliEnv) noteBinding(tok flows.Token, req flows.TokenRequest) {
	if req.DPoP != nil {
		if why := req.DPoP.DPoPBinding(tok); why != "" {
			fmt.Fprintf(env.stderr, "oauthlens: warning: DPoP: %s\n", flows.Sanitize(why))
		} else {
			fmt.Fprintf(env.stderr, "oauthlens: the token is DPoP-bound to this run's key (cnf.jkt %s)\n", req.DPoP.JKT())
		}
	}
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
