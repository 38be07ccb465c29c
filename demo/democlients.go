package demo

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"

	"github.com/MicahParks/jwkset"
)

// Fixed demo clients for the other authentication methods. Like
// ClientSecret, their credentials are public: they exist so that
// `oauthlens demo` can show each method offline.
const (
	// JWTClientID authenticates with private_key_jwt (JWTClientKeyPEM) or
	// client_secret_jwt (JWTClientSecret).
	JWTClientID = "demo-jwt-client"
	// JWTClientSecret is the HS256 key of JWTClientID's client_secret_jwt.
	JWTClientSecret = "demo-jwt-secret-0123456789abcdef"
	// PublicClientID is a public client (auth method none).
	PublicClientID = "demo-public-client"
)

// JWTClientKeyPEM is the private key of JWTClientID (ES256, PKCS#8): a
// public demo credential, never a real one.
const JWTClientKeyPEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQge/OAIiFgju0UZzQp
IAobbhqNWRRGlGRh8oUK5V3aPmKhRANCAARxhYJhh8wuLHvk/Om9H9ojZTt9Wtho
/6Mp+2ncGIoTrEORa4M8as828Tr/eJzypsqseF39Zw2Teyq+9Phq0heN
-----END PRIVATE KEY-----
`

// DefaultClients are the clients a server has when Config.Clients is
// empty: DefaultClient, the JWT client and the public client.
func DefaultClients() []Client {
	return []Client{DefaultClient,
		{ID: JWTClientID, Secret: JWTClientSecret, Scopes: DefaultScopes,
			AuthMethods: []string{AuthPrivateKeyJWT, AuthClientSecretJWT}, JWKS: demoJWKS()},
		{ID: PublicClientID, Scopes: DefaultScopes, AuthMethods: []string{AuthNone}},
	}
}

// demoJWKS is the public JWK Set of JWTClientKeyPEM, with its RFC 7638
// thumbprint as kid (as `oauthlens keys new` makes it).
func demoJWKS() json.RawMessage {
	block, _ := pem.Decode([]byte(JWTClientKeyPEM))
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		panic("demo: the demo client key does not parse: " + err.Error())
	}
	return jwksOf(key)
}

// jwksOf is the public JWK Set of a private key.
func jwksOf(key any) json.RawMessage {
	signer, _ := key.(interface{ Public() crypto.PublicKey })
	j, err := jwkset.NewJWKFromKey(signer.Public(), jwkset.JWKOptions{
		Metadata: jwkset.JWKMetadataOptions{ALG: jwkset.AlgES256, USE: jwkset.UseSig}})
	if err != nil {
		panic("demo: the demo client key: " + err.Error())
	}
	m := j.Marshal()
	m.KID = ecThumbprint(m)
	b, _ := json.Marshal(map[string]any{"keys": []any{m}})
	return b
}

// ecThumbprint is the RFC 7638 thumbprint of an EC public JWK.
func ecThumbprint(m jwkset.JWKMarshal) string {
	canon := `{"crv":"` + string(m.CRV) + `","kty":"EC","x":"` + m.X + `","y":"` + m.Y + `"}`
	sum := sha256.Sum256([]byte(canon))
	return b64(sum[:])
}
