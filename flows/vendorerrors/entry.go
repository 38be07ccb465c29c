package vendorerrors

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
)

// Entry is one known error of one vendor: how to recognise it, what it
// means, what to try and where the vendor documents it.
type Entry struct {
	ID      string   `json:"id"`      // stable, "vendor.CODE" e.g. "entra.AADSTS7000215"
	Vendor  string   `json:"-"`       // the dictionary's vendor, set when loaded
	Match   Matcher  `json:"match"`   // the conditions, all of which must hold
	Summary string   `json:"summary"` // what happened, one sentence
	Causes  []string `json:"causes"`  // most likely first
	Fixes   []Fix    `json:"fixes"`   // what to try, most promising first
	Refs    []string `json:"refs"`    // the vendor's documentation URLs
}

// clone copies the entry's lists, so that callers cannot change the
// dictionaries through a returned entry.
func (e Entry) clone() Entry {
	e.Match.Status = slices.Clone(e.Match.Status)
	e.Match.Error = slices.Clone(e.Match.Error)
	e.Match.Code = slices.Clone(e.Match.Code)
	e.Causes = slices.Clone(e.Causes)
	e.Fixes = slices.Clone(e.Fixes)
	e.Refs = slices.Clone(e.Refs)
	return e
}

// Matcher says when an entry applies. Empty fields are not checked; an
// entry sets at least one.
type Matcher struct {
	// Status lists HTTP statuses, any of which matches.
	Status []int `json:"status,omitempty"`
	// Error lists OAuth error codes ("invalid_client"), compared without
	// regard to case.
	Error []string `json:"error,omitempty"`
	// Code lists vendor codes ("E0000011", "AADSTS7000215"), compared
	// without regard to case.
	Code []string `json:"code,omitempty"`
	// Text is a regular expression, matched without regard to case against
	// each description, summary or message of the body.
	Text string `json:"text,omitempty"`

	re *regexp.Regexp
}

// strong reports whether the matcher names something vendor-specific: a
// vendor code or a text. Weak matchers need the vendor to be known.
func (m Matcher) strong() bool {
	return len(m.Code) > 0 || m.Text != ""
}

// Fix is one thing to try: advice, and optionally an action that a client
// can apply by itself.
type Fix struct {
	Text   string `json:"text"`
	Action Action `json:"action,omitzero"`
}

// ActionKind names what an Action changes.
type ActionKind string

// The action kinds. Their names and values are those of flows.Fix.Action,
// so Action.String gives the text flows expects.
const (
	ActionNone     ActionKind = ""         // advice only
	ActionAuth     ActionKind = "auth"     // Value: AuthBasic or AuthPost
	ActionScope    ActionKind = "scope"    // Value: a space-separated scope list, "" for none
	ActionAudience ActionKind = "audience" // Value: the audience to send
	ActionRetry    ActionKind = "retry"    // no Value: retry as it is
)

// The client authentication methods an ActionAuth may choose (RFC 7591 §2).
const (
	AuthBasic = "client_secret_basic"
	AuthPost  = "client_secret_post"
)

// Action is a machine-applicable change: a kind and its value.
type Action struct {
	Kind  ActionKind `json:"kind"`
	Value string     `json:"value,omitempty"`
}

// IsZero reports whether a is no action.
func (a Action) IsZero() bool {
	return a.Kind == ActionNone && a.Value == ""
}

// String renders the action as flows.Fix.Action does: "auth=client_secret_post",
// "scope=a b", "audience=https://api", "retry", or "" for none.
func (a Action) String() string {
	switch a.Kind {
	case ActionNone:
		return ""
	case ActionRetry:
		return string(a.Kind)
	}
	return string(a.Kind) + "=" + a.Value
}

// validate checks the kind and its value.
func (a Action) validate() error {
	switch a.Kind {
	case ActionNone, ActionRetry:
		if a.Value != "" {
			return fmt.Errorf("action %q takes no value", a.Kind)
		}
	case ActionAuth:
		if a.Value != AuthBasic && a.Value != AuthPost {
			return fmt.Errorf("auth action value %q is not %s or %s", a.Value, AuthBasic, AuthPost)
		}
	case ActionAudience:
		if a.Value == "" {
			return fmt.Errorf("audience action needs a value")
		}
	case ActionScope:
	default:
		return fmt.Errorf("unknown action kind %q", a.Kind)
	}
	return nil
}

// UnmarshalJSON reads an action and rejects unknown kinds and bad values.
func (a *Action) UnmarshalJSON(b []byte) error {
	type plain Action
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if err := Action(p).validate(); err != nil {
		return err
	}
	*a = Action(p)
	return nil
}

// Result is a matched entry with the evidence drawn from the response:
// "HTTP 401", "error=invalid_client", the vendor code, and the request
// identifiers a vendor's support asks for ("trace_id=…", "correlation_id=…",
// "errorId=…"). Evidence strings are free of control characters.
type Result struct {
	Entry
	Evidence []string
}
