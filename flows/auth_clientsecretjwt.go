package flows

// AuthClientSecretJWT is client_secret_jwt (OIDC Core §9, RFC 7523 §2.2):
// a JWT client assertion signed with HS256 and the client secret as the
// key. The secret itself is never sent.
const AuthClientSecretJWT AuthMethod = "client_secret_jwt"

// newClientSecretJWT returns the client_secret_jwt authenticator of c.
func newClientSecretJWT(c ClientAuth) ClientAuthenticator {
	return &jwtAssertionAuth{c: c, method: AuthClientSecretJWT,
		sign: func(cl AssertionClaims) (string, error) { return SignSecretAssertion(c.Secret, cl) },
		check: func() error {
			if c.Secret == "" {
				return &ConfigError{
					Msg: "client_secret_jwt needs the client secret (the HS256 key): give --client-secret REF",
				}
			}
			return nil
		}}
}
