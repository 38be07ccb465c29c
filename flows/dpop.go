package flows

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DPoP (RFC 9449): the client proves possession of a key with a signed
// proof JWT on every request; the token it gets is bound to the key's
// thumbprint (cnf.jkt) and has token_type DPoP.
type DPoP struct {
	// Key signs the proofs; one per walk (NewDPoP).
	Key *SigningKey
	// Nonce is the authorization server's DPoP-Nonce, once it asked for
	// one (use_dpop_nonce, §8). RequestToken records it (see SetNonce).
	Nonce string
	mu    sync.Mutex
	// Now is the proof's iat; time.Now when nil.
	Now func() time.Time
}

// SetNonce records the server's nonce for the next proof; it reports
// whether the nonce is new (so that a retry can make a difference).
func (d *DPoP) SetNonce(n string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n == "" || n == d.Nonce {
		return false
	}
	d.Nonce = n
	return true
}

// nonce is the recorded nonce.
func (d *DPoP) nonce() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.Nonce
}

// DPoPHeader is the request header that carries a proof (RFC 9449 §4.1).
const DPoPHeader = "DPoP"

// NewDPoP makes a fresh key pair for alg ("" is ES256) for one walk.
func NewDPoP(alg string) (*DPoP, error) {
	k, _, err := GenerateSigningKey(alg)
	if err != nil {
		return nil, err
	}
	return &DPoP{Key: k}, nil
}

// JKT is the key's RFC 7638 thumbprint: a DPoP-bound token's cnf.jkt
// (RFC 9449 §6.1).
func (d *DPoP) JKT() string { return d.Key.KID }

// Proof signs a proof for one request (RFC 9449 §4.2): typ dpop+jwt, the
// public jwk in the header, jti, htm, htu (without query and fragment),
// iat, the nonce when one is given, and ath (the access token's SHA-256)
// when the request carries an access token.
func (d *DPoP) Proof(method, target, nonce, accessToken string) (string, error) {
	jwk, err := d.Key.PublicJWK()
	if err != nil {
		return "", err
	}
	delete(jwk, "kid")
	delete(jwk, "use")
	delete(jwk, "alg")
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	claims := jwt.MapClaims{"jti": newJTI(), "htm": method, "htu": HTU(target), "iat": now().Unix()}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		claims["ath"] = big2b64(sum[:])
	}
	return d.Key.Sign(map[string]any{"typ": "dpop+jwt", "jwk": jwk, "kid": ""}, claims)
}

// HTU is a URL without its query and fragment (RFC 9449 §4.2).
func HTU(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return target
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	return u.String()
}

// apply adds a proof to a request's header and its value to secrets.
func (d *DPoP) apply(h http.Header, method, target, nonce, accessToken string, secrets *[]Secret) {
	if d == nil {
		return
	}
	proof, err := d.Proof(method, target, nonce, accessToken)
	if err != nil {
		return // the server will say the proof is missing
	}
	h.Set(DPoPHeader, proof)
	*secrets = append(*secrets, Secret{Name: "DPOP_PROOF", Value: proof})
}

// DPoPNonce returns the nonce a server asked for in an answer: a token
// endpoint's 400 use_dpop_nonce (RFC 9449 §8) or a resource server's 401
// with a DPoP challenge error="use_dpop_nonce" (§9), each with DPoP-Nonce.
func DPoPNonce(ex Exchange) (string, bool) {
	nonce := ex.ResponseHeaderGet("DPoP-Nonce")
	if nonce == "" || ex.Status < 400 {
		return "", false
	}
	var body struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(ex.ResponseBody, &body) == nil && body.Error == "use_dpop_nonce" {
		return nonce, true
	}
	for _, c := range ParseWWWAuthenticate(ex.ResponseHeader.Values("WWW-Authenticate")) {
		if strings.EqualFold(c.Scheme, "DPoP") && c.Params["error"] == "use_dpop_nonce" {
			return nonce, true
		}
	}
	return "", false
}

// DPoPBinding checks a token asked for with DPoP: token_type DPoP (RFC 9449
// §5) and, for a JWT, cnf.jkt equal to the key's thumbprint (§6.1). It
// returns what is wrong, or "".
func (d *DPoP) DPoPBinding(t Token) string {
	if !strings.EqualFold(t.TokenType, "DPoP") {
		return "the token_type is " + QuoteText(t.TokenType) + ", not DPoP: the server did not bind the token " +
			"to the key (it may not support DPoP, RFC 9449 §5)"
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(t.AccessToken, claims); err != nil {
		return ""
	}
	cnf, _ := claims["cnf"].(map[string]any)
	if jkt, _ := cnf["jkt"].(string); jkt != d.JKT() {
		return "cnf.jkt is " + QuoteText(jkt) + ", not this walk's key " + d.JKT() + " (RFC 9449 §6.1)"
	}
	return ""
}
