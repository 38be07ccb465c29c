package demo

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// dpopState is the server's DPoP nonce (made on first use) and the proof
// jtis seen (RFC 9449 §11.1).
type dpopState struct {
	once  sync.Once
	nonce string
	jtis  jtiCache
}

// dpopNonce is the nonce the server asks for under FaultDPoPNonce.
func (s *Server) dpopNonce() string {
	s.dpop.once.Do(func() { s.dpop.nonce = "nonce-" + randomHex(8) })
	return s.dpop.nonce
}

// dpopClaims are a proof's claims (RFC 9449 §4.2).
type dpopClaims struct {
	jwt.RegisteredClaims
	HTM   string `json:"htm"`
	HTU   string `json:"htu"`
	Nonce string `json:"nonce,omitempty"`
	ATH   string `json:"ath,omitempty"`
}

// checkProof verifies the request's DPoP proof for htu (RFC 9449 §4.3) and
// returns the key's thumbprint (jkt). nonceErr says the server wants a
// nonce; the caller answers with its own error shape and DPoP-Nonce.
func (s *Server) checkProof(r *http.Request, htu, accessToken string) (jkt string, nonceErr bool, err error) {
	raw := r.Header.Values("DPoP")
	if len(raw) != 1 {
		return "", false, fmt.Errorf("send exactly one DPoP header with a proof JWT (got %d)", len(raw))
	}
	claims := &dpopClaims{}
	tok, err := jwt.ParseWithClaims(raw[0], claims, proofKey, jwt.WithValidMethods(assertionAlgs),
		jwt.WithoutClaimsValidation())
	if err != nil {
		return "", false, fmt.Errorf("the DPoP proof does not verify: %v", err)
	}
	now := s.clock()
	switch {
	case tok.Header["typ"] != "dpop+jwt":
		return "", false, fmt.Errorf("the DPoP proof's typ must be dpop+jwt")
	case claims.HTM != r.Method || claims.HTU != htu:
		return "", false, fmt.Errorf("the DPoP proof is for %s %s, not %s %s", claims.HTM, claims.HTU, r.Method, htu)
	case claims.IssuedAt == nil || claims.IssuedAt.Time.Sub(now).Abs() > time.Minute:
		return "", false, fmt.Errorf("the DPoP proof's iat is missing or more than a minute from the server's clock")
	case claims.ID == "" || !s.dpop.jtis.use(claims.ID, now.Add(2*time.Minute), now):
		return "", false, fmt.Errorf("the DPoP proof's jti is missing or was already used")
	case accessToken != "" && claims.ATH != ath(accessToken):
		return "", false, fmt.Errorf("the DPoP proof's ath does not match the access token (RFC 9449 section 4.3)")
	case s.has(FaultDPoPNonce) && claims.Nonce != s.dpopNonce():
		return "", true, fmt.Errorf("the server requires a DPoP nonce in the proof (RFC 9449 section 8)")
	}
	jkt, _ = tok.Header["jkt"].(string) // set by proofKey
	return jkt, false, nil
}

// proofKey is the public key in the proof's jwk header; it records the
// key's thumbprint in the header as "jkt" for checkProof.
func proofKey(t *jwt.Token) (any, error) {
	raw, err := json.Marshal(t.Header["jwk"])
	if err != nil || t.Header["jwk"] == nil {
		return nil, fmt.Errorf("the proof has no jwk header")
	}
	j, err := jwkset.NewJWKFromRawJSON(raw, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
	if err != nil {
		return nil, fmt.Errorf("the proof's jwk does not parse: %v", err)
	}
	if strings.Contains(string(raw), `"d"`) {
		return nil, fmt.Errorf("the proof's jwk holds a private key")
	}
	t.Header["jkt"] = jwkThumbprint(j.Marshal())
	return j.Key(), nil
}

// jwkThumbprint is the RFC 7638 thumbprint of a public JWK.
func jwkThumbprint(m jwkset.JWKMarshal) string {
	var canon string
	switch m.KTY {
	case jwkset.KtyRSA:
		canon = `{"e":"` + m.E + `","kty":"RSA","n":"` + m.N + `"}`
	case jwkset.KtyOKP:
		canon = `{"crv":"` + string(m.CRV) + `","kty":"OKP","x":"` + m.X + `"}`
	default:
		return ecThumbprint(m)
	}
	sum := sha256.Sum256([]byte(canon))
	return b64(sum[:])
}

// ath is the base64url SHA-256 of an access token (RFC 9449 §4.2).
func ath(token string) string {
	sum := sha256.Sum256([]byte(token))
	return b64(sum[:])
}

// dpopBind binds a token request with a DPoP proof to the proof's key
// (cnf.jkt, token_type DPoP). Without a proof nothing changes.
func (s *Server) dpopBind(w http.ResponseWriter, r *http.Request, req *tokenRequest) *oauthError {
	if len(r.Header.Values("DPoP")) == 0 {
		return nil
	}
	jkt, nonceErr, err := s.checkProof(r, issuerOf(r)+"/token", "")
	if nonceErr {
		w.Header().Set("DPoP-Nonce", s.dpopNonce())
		return badRequest("use_dpop_nonce", "%v", err)
	}
	if err != nil {
		return badRequest("invalid_dpop_proof", "%v", err)
	}
	if req.cnf == nil {
		req.cnf = map[string]string{}
	}
	req.cnf["jkt"] = jkt
	return nil
}

// tokenType is "DPoP" for a DPoP-bound token, else "Bearer".
func (req tokenRequest) tokenType() string {
	if req.cnf["jkt"] != "" {
		return "DPoP"
	}
	return "Bearer"
}

// accessToken reads "Authorization: DPoP <token>" or Bearer.
func accessToken(r *http.Request) (string, *bearerError) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if strings.EqualFold(scheme, "DPoP") && strings.TrimSpace(token) != "" {
		return strings.TrimSpace(token), nil
	}
	return bearerToken(r)
}

// checkDPoP enforces a DPoP-bound token (RFC 9449 §7): the DPoP scheme, a
// proof by the bound key with ath, and the nonce under FaultDPoPNonce.
func (s *Server) checkDPoP(r *http.Request, raw string, cnf map[string]string) *bearerError {
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	isDPoP := strings.EqualFold(scheme, "DPoP")
	switch {
	case cnf["jkt"] == "" && !isDPoP:
		return nil
	case cnf["jkt"] == "":
		return &bearerError{status: 401, code: errInvalidToken, scheme: "DPoP",
			desc: "the token is not DPoP-bound: send it with the Bearer scheme"}
	case !isDPoP:
		return &bearerError{status: 401, code: errInvalidToken, scheme: "DPoP",
			desc: "the token is DPoP-bound: send Authorization: DPoP <token> with a DPoP proof (RFC 9449 section 7.1)"}
	}
	jkt, nonceErr, err := s.checkProof(r, issuerOf(r)+r.URL.Path, raw)
	switch {
	case nonceErr:
		return &bearerError{
			status: 401,
			code:   "use_dpop_nonce",
			scheme: "DPoP",
			nonce:  s.dpopNonce(),
			desc:   err.Error(),
		}
	case err != nil:
		return &bearerError{status: 401, code: "invalid_dpop_proof", scheme: "DPoP", desc: err.Error()}
	case jkt != cnf["jkt"]:
		return &bearerError{status: 401, code: "invalid_dpop_proof", scheme: "DPoP",
			desc: "the DPoP proof is signed by another key than the one the token is bound to (cnf.jkt)"}
	}
	return nil
}
