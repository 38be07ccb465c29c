package flows

import "encoding/json"

// JWKSHasKID reports whether the JWK Set jwks (RFC 7517 §5) has a key whose
// "kid" (§4.5) is kid: a set without it is stale when a token names a kid
// it lacks (the server rotated its keys), and is fetched again.
func JWKSHasKID(jwks []byte, kid string) bool {
	keys, err := parseJWKS(jwks, "")
	if err != nil {
		return false
	}
	for _, k := range keys {
		var key struct {
			KID string `json:"kid"`
		}
		if json.Unmarshal(k, &key) == nil && key.KID == kid {
			return true
		}
	}
	return false
}
