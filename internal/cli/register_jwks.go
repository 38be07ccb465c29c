package cli

import (
	"context"
	"fmt"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

func (f *registerFlags) registerJWKS(fs *cmdFlags) {
	fs.StringVar(&f.jwksFrom, "jwks-from", "",
		"for RFC 7591 registration: register the public half of this PEM private key `REF` "+
			"(file:, keyring:, cmd:, env:) as jwks, for private_key_jwt (the default --auth then)")
}

// addJWKS resolves --jwks-from and adds its public JWK Set to the
// registration metadata (RFC 7591 §2 jwks). The private key is learned by
// the Redactor in every form and never leaves the process.
func (p *registerPlan) addJWKS(ctx context.Context, env *cliEnv, md map[string]any) (map[string]any, error) {
	if p.f.jwksFrom == "" {
		return md, nil
	}
	if kind, _ := profiles.ParseRef(p.f.jwksFrom); kind == profiles.KindLiteral {
		return nil, usagef("--jwks-from: give the private key by reference (file:PATH, keyring:NAME, cmd:, env:)")
	}
	text, err := env.resolve(ctx, "--jwks-from", p.f.jwksFrom)
	if err != nil {
		return nil, err
	}
	env.learn(flows.PrivateKeySecrets(text)...)
	key, err := flows.ParseSigningKeyPEM([]byte(text), "")
	if err != nil {
		return nil, &configError{fmt.Sprintf("--jwks-from %s: %v", profiles.Describe(p.f.jwksFrom), err)}
	}
	jwks, err := key.PublicJWKS()
	if err != nil {
		return nil, &configError{fmt.Sprintf("--jwks-from: %v", err)}
	}
	if md == nil {
		md = map[string]any{}
	}
	if _, ok := md["jwks"]; ok {
		return nil, usagef("--jwks-from and a jwks member in --metadata: give one")
	}
	md["jwks"] = jwks
	p.key = key
	return md, nil
}
