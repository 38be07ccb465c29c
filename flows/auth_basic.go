package flows

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// basicAuth is client_secret_basic (RFC 6749 §2.3.1): HTTP Basic (RFC 7617)
// with the form-urlencoded client id and secret.
type basicAuth struct {
	id, secret string
	raw        bool // BasicRaw: base64 of the raw "id:secret", as many servers expect
}

// BasicEncoding says how client_secret_basic encodes the id and secret
// before base64.
type BasicEncoding string

// Basic encodings.
const (
	// BasicForm form-urlencodes id and secret first (RFC 6749 §2.3.1). It
	// is the default ("").
	BasicForm BasicEncoding = "form"
	// BasicRaw sends base64("id:secret") as RFC 7617 does, which is what
	// many servers decode (they skip RFC 6749's urlencoding step).
	BasicRaw BasicEncoding = "raw"
)

// ParseBasicEncoding reads "form", "raw" or "" (form).
func ParseBasicEncoding(s string) (BasicEncoding, bool) {
	switch BasicEncoding(strings.ToLower(strings.TrimSpace(s))) {
	case "", BasicForm:
		return BasicForm, true
	case BasicRaw:
		return BasicRaw, true
	}
	return BasicEncoding(s), false
}

// BasicEncodingsDiffer reports whether the form and raw encodings of the
// Basic credentials differ for this id and secret (a secret with + / = : %
// or a space, say); when they do not, the encoding cannot matter.
func BasicEncodingsDiffer(id, secret string) bool {
	return url.QueryEscape(id) != id || url.QueryEscape(secret) != secret
}

// Method implements ClientAuthenticator.
func (a basicAuth) Method() AuthMethod { return AuthBasic }

// Apply implements ClientAuthenticator: it sets the Authorization header.
func (a basicAuth) Apply(h http.Header, _ url.Values) {
	if a.raw {
		h.Set("Authorization", "Basic "+RawBasicCredentials(a.id, a.secret))
		return
	}
	h.Set("Authorization", "Basic "+BasicCredentials(a.id, a.secret))
}

// Secrets implements ClientAuthenticator.
// The Basic credential is listed in both encodings (RFC 6749's
// form-encoded one that is sent, and the raw "id:secret" many servers
// expect), so that a server that echoes it in either is masked.
func (a basicAuth) Secrets() []Secret {
	raw := RawBasicCredentials(a.id, a.secret)
	return []Secret{{Name: "CLIENT_SECRET", Value: a.secret},
		{Name: "BASIC_CREDENTIALS", Value: BasicCredentials(a.id, a.secret)},
		{Name: "BASIC_CREDENTIALS", Value: raw}}
}

// BasicCredentials encodes id and secret for client_secret_basic: each is
// form-urlencoded before the pair is base64-encoded (RFC 6749 §2.3.1), so
// secrets with ':', '+', '/', '%' or spaces survive.
func BasicCredentials(id, secret string) string {
	return base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret)))
}

// RawBasicCredentials is base64("id:secret") without the form-urlencoding
// of RFC 6749 §2.3.1 (RFC 7617 §2), for servers that expect it
// (BasicRaw).
func RawBasicCredentials(id, secret string) string {
	return base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
}

// ParseBasic decodes a Basic credential (the part after "Basic "): base64
// of "id:secret" (RFC 7617 §2; the id holds no ':'), each part then
// form-decoded as client_secret_basic encodes it (RFC 6749 §2.3.1), or
// kept as it is when it is no form encoding (a server that takes the raw
// "id:secret", BasicRaw). ok is false when cred is not base64 or has no
// ':'. It is the one parser of a Basic credential.
func ParseBasic(cred string) (id, secret string, ok bool) {
	rawID, rawSecret, ok := splitBasic(cred)
	if !ok {
		return "", "", false
	}
	return formDecoded(rawID), formDecoded(rawSecret), true
}

// BasicCredentialSecrets are the secrets of a Basic credential for the
// Redactor: the credential itself and the secret in both readings (form
// decoded, RFC 6749 §2.3.1, and raw, RFC 7617 §2), since which one the
// sender used cannot be told from the bytes. nil when cred is not one.
func BasicCredentialSecrets(cred string) []Secret {
	_, rawSecret, ok := splitBasic(cred)
	if !ok {
		return nil
	}
	out := []Secret{{Name: "BASIC_CREDENTIALS", Value: strings.TrimSpace(cred)}}
	if rawSecret == "" {
		return out
	}
	out = append(out, Secret{Name: "CLIENT_SECRET", Value: formDecoded(rawSecret)})
	if formDecoded(rawSecret) != rawSecret {
		out = append(out, Secret{Name: "CLIENT_SECRET", Value: rawSecret})
	}
	return out
}

// splitBasic is the base64-decoded "id:secret" of a Basic credential, cut
// at its first colon (a client id has none, RFC 7617 §2).
func splitBasic(cred string) (id, secret string, ok bool) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(raw), ":")
}

// formDecoded is s form-decoded, or s when it is no form encoding.
func formDecoded(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
