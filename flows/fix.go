package flows

import (
	"encoding/json"
	"strings"
)

// FixKind says what a Fix changes, so that a front-end can apply it. The
// values are the keys of the "action" in the --json output.
type FixKind string

// Fix kinds. The kinds that carry a value render as KIND=VALUE, the others
// as a bare KIND.
const (
	FixNone        FixKind = ""               // advice only; nothing to apply
	FixAuth        FixKind = "auth"           // Value: the AuthMethod to switch to, then retry
	FixScope       FixKind = "scope"          // Value: the space-separated scopes (empty: none), then retry
	FixBasicEnc    FixKind = "basic_encoding" // Value: the BasicEncoding to use ("form", "raw"), then retry
	FixAudience    FixKind = "audience"       // Value: the audience parameter, then retry
	FixTokenURL    FixKind = "token_url"      // Value: the token endpoint URL to use
	FixIssuer      FixKind = "issuer"         // Value: the issuer URL to discover
	FixDiscovery   FixKind = "discovery"      // Value: the DiscoveryStyle to use
	FixTimeout     FixKind = "timeout"        // Value: a time.Duration string such as "60s"
	FixRetryAfter  FixKind = "retry_after"    // Value: seconds to wait before retrying
	FixRetry       FixKind = "retry"          // retry as it is
	FixReacquire   FixKind = "reacquire"      // get a new token, then repeat the call
	FixRefetchJWKS FixKind = "refetch_jwks"   // fetch the JWKS again and re-verify
	// FixStepUp is step-up authorization (RFC 6750 §3.1): Value is the
	// space-separated scopes an insufficient_scope challenge names; they are
	// added to the scopes asked for and the user authorizes again.
	FixStepUp FixKind = "step_up"
	// FixResource sends the resource indicator (RFC 8707 §2) exactly as the
	// API's protected resource metadata names it (RFC 9728 §2): Value is
	// that absolute URI; it replaces one sent that differs only by a
	// trailing slash, or is added when none was sent, then retry.
	FixResource FixKind = "resource"
)

// bareFixKinds are the kinds that carry no value.
var bareFixKinds = map[FixKind]bool{FixRetry: true, FixReacquire: true, FixRefetchJWKS: true}

// Fix is one thing to try: Text for people, and Kind and Value for a
// front-end that applies it (Kind FixNone when there is nothing to apply).
type Fix struct {
	Text  string
	Kind  FixKind
	Value string
}

// Action is the fix in its --json form: "auth=client_secret_post",
// "scope=" (no scopes), "retry"; "" when Kind is FixNone.
func (f Fix) Action() string {
	if f.Kind == FixNone || bareFixKinds[f.Kind] {
		return string(f.Kind)
	}
	return string(f.Kind) + "=" + f.Value
}

// ParseFixAction is the inverse of Fix.Action: "scope=a b" gives FixScope
// and "a b".
func ParseFixAction(action string) (FixKind, string) {
	k, v, _ := strings.Cut(action, "=")
	return FixKind(k), v
}

// fixJSON is the stable --json shape of a Fix.
type fixJSON struct {
	Text   string `json:"text"`
	Action string `json:"action,omitempty"`
}

// MarshalJSON writes {"text": …, "action": "KIND=VALUE"}, the documented
// --json shape.
func (f Fix) MarshalJSON() ([]byte, error) {
	return json.Marshal(fixJSON{Text: f.Text, Action: f.Action()})
}

// UnmarshalJSON reads the shape MarshalJSON writes.
func (f *Fix) UnmarshalJSON(b []byte) error {
	var j fixJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	f.Text = j.Text
	f.Kind, f.Value = ParseFixAction(j.Action)
	return nil
}
