package walk

import (
	"context"
	"fmt"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// Assertion audiences (Overrides.AssertionAud, profile assertion_aud):
// servers disagree on what a client assertion's aud must be (RFC 7523 §3).
const (
	AudTokenEndpoint = "token"  // the token endpoint URL (the default)
	AudIssuer        = "issuer" // the issuer identifier
)

// KeyPlan is the client's private key as the plan refers to it: never the
// key in a profile, only its reference. The PEM is kept unexported for
// masking only.
type KeyPlan struct {
	Ref string // env:, file:, cmd:, keyring: reference to a PEM private key
	Alg string // "" the key type's default; PS256 for an RSA key
	Aud string // AudTokenEndpoint or AudIssuer; "" means AudTokenEndpoint
	// CertRef refers to a PEM client certificate whose key is Ref (RFC 8705).
	CertRef string
	pem     string
}

// override applies --key, --key-alg and --assertion-aud.
func (k *KeyPlan) override(ov Overrides) error {
	if ov.Key != "" {
		if kind, _ := profiles.ParseRef(ov.Key); kind == profiles.KindLiteral || kind == profiles.KindStdin {
			return &UsageError{fmt.Sprintf("--key %q: give the private key by reference "+
				"(file:PATH, keyring:NAME, cmd:COMMAND, env:NAME), never the key itself", ov.Key)}
		}
		k.Ref = ov.Key
	}
	if ov.Cert != "" {
		if kind, _ := profiles.ParseRef(ov.Cert); kind == profiles.KindLiteral || kind == profiles.KindStdin {
			return &UsageError{fmt.Sprintf("--cert %q: give the certificate by reference (file:PATH, …)", ov.Cert)}
		}
		k.CertRef = ov.Cert
	}
	if ov.KeyAlg != "" {
		k.Alg = ov.KeyAlg
	}
	switch ov.AssertionAud {
	case "":
	case AudTokenEndpoint, AudIssuer:
		k.Aud = ov.AssertionAud
	default:
		return &UsageError{fmt.Sprintf("--assertion-aud %q: use token or issuer", ov.AssertionAud)}
	}
	return nil
}

// resolveKey reads and parses the key into Token.Key, and sets the
// assertion audience. A key that does not resolve or parse is listed in
// Unresolved; no message quotes it.
func (pl *Plan) resolveKey(ctx context.Context, what string, resolve Resolver) {
	if pl.Key.Aud == AudIssuer && pl.Issuer != "" {
		pl.Token.AssertionAudience = pl.Issuer
	}
	if pl.Key.Ref == "" {
		if pl.Key.CertRef != "" {
			pl.Unresolved = append(pl.Unresolved, Unresolved{Field: "cert",
				Err: fmt.Errorf("--cert needs the certificate's private key: give --key REF")})
		}
		return
	}
	text, err := resolve(ctx, what, pl.Key.Ref)
	if err == nil {
		pl.Key.pem = text
		pl.Token.Key, err = flows.ParseSigningKeyPEM([]byte(text), pl.Key.Alg)
		if err != nil && pl.Key.CertRef != "" {
			err = nil // a TLS key need not be one oauthlens signs JWTs with
		} else if err != nil {
			err = fmt.Errorf("%s: %s: %w", what, profiles.Describe(pl.Key.Ref), err)
		}
	}
	if err != nil {
		pl.Unresolved = append(pl.Unresolved, Unresolved{Field: "key", Err: err})
		return
	}
	pl.resolveCert(ctx, resolve)
}

// resolveCert pairs the client certificate with the key into Token.Cert.
func (pl *Plan) resolveCert(ctx context.Context, resolve Resolver) {
	if pl.Key.CertRef == "" {
		return
	}
	text, err := resolve(ctx, "--cert", pl.Key.CertRef)
	if err == nil {
		pl.Token.Cert, err = flows.ParseClientCertificate([]byte(text), []byte(pl.Key.pem))
	}
	if err != nil {
		pl.Unresolved = append(pl.Unresolved, Unresolved{Field: "cert", Err: err})
	}
}

// tokenEndpointFor is the token endpoint to use: the mtls_endpoint_aliases
// one when the client presents a certificate (RFC 8705 §5).
func tokenEndpointFor(md flows.Metadata, r flows.TokenRequest) string {
	if alias := md.MTLSAlias("token_endpoint"); alias != "" && r.Cert != nil {
		return alias
	}
	return md.TokenEndpoint
}

// secrets are the key's forms for masking: it must never appear.
func (k KeyPlan) secrets() []flows.Secret {
	if k.pem == "" {
		return nil
	}
	return flows.PrivateKeySecrets(k.pem)
}
