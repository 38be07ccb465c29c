package ui

import (
	"net/http"
	"os"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// Options configure the TUI. main.go fills them from flags, a profile or
// the demo server.
type Options struct {
	HTTPClient    *http.Client
	Issuer        string // discovery target (issuer or .well-known URL); empty when only TokenURL is known
	Discovery     string // "auto" | "openid-configuration" | "oauth-authorization-server"
	TokenURL      string
	ClientID      string
	ClientSecret  string // the resolved value (never printed unmasked)
	AuthMethod    flows.AuthMethod
	Scopes        []string
	Audience      string
	Resource      []string
	APIMethod     string
	APIURL        string
	APIHeaders    []string // "K: V" lines
	Params        []string // "k=v": extra token request parameters (a value may be a reference)
	SecretHeaders []string // header names in APIHeaders whose values are secret (e.g. X-Api-Key)
	ReacquireOn   []int
	Title         string // e.g. "demo" or a profile name, shown in the header
	Demo          bool
	Insecure      bool             // --insecure: paint a warning on every screen
	Now           func() time.Time // nil = time.Now; tests pass a fixed clock

	// SecretErrors are the profile's secret references that did not
	// resolve: their values are empty, and step 2 (the client secret),
	// step 4 (a header) and the status line say why.
	SecretErrors []SecretError

	// Store is where profiles are listed and saved: p opens the picker and
	// ctrl+s saves the walk. nil: neither.
	Store *profiles.Store
	// Picker starts on the profile picker (with a Store).
	Picker bool
	// DemoIssuer is the running demo server the picker's demo entry uses;
	// empty: the address of `oauthlens demo --serve`.
	DemoIssuer string
	// RegisterClient opens step 2 on RFC 7591 registration, named after the
	// profile, when the walk has no client id: New API… chose that path (the
	// server takes no client metadata document and registers clients).
	RegisterClient bool
	// ClientDocuments are the client metadata documents (CIMD) New API…
	// offers a server that takes them, by issuer: the embedded demo's own.
	// None is guessed for other servers.
	ClientDocuments map[string]string
	// Profile is the profile the walk was filled from, if any: saving keeps
	// its references for secrets that have not changed.
	Profile *profiles.Profile
	// Plan is the walk.Plan the options were made from (ProfileOptions);
	// nil: one is made from the fields above.
	Plan *walk.Plan
	// DemoServer switches the demo server's faults (f, on a demo walk);
	// FaultList is what the fault list offers. nil: no fault list.
	DemoServer FaultSwitch
	FaultList  []Fault

	// ShareDir is where w (HAR) and b (bundle) write; empty: the working
	// directory.
	ShareDir string
	// Present starts in presenter mode (present.go).
	Present bool
	// Baseline is a known-good run (a HAR read with --baseline) that D
	// compares an exchange with; BaselineName is its file.
	Baseline     []flows.Exchange
	BaselineName string
}

// common is what every pane shares: the window size, the styles, the keys,
// the clock and whether secrets are revealed. The root owns it; panes hold
// the same pointer.
type common struct {
	documents     map[string]string // Options.ClientDocuments
	width, height int
	styles        styles
	keys          keyMap
	now           func() time.Time
	isDark        bool
	noColor       bool
	reveal        bool // secrets are shown (s); a banner says so
	present       bool // presenter mode (--present, P; present.go): reveal is off
	insecure      bool
	// redactor is the run's Redactor (Model.redactor), renewed after each
	// message: error lines and the status line pass through it.
	redactor *flows.Redactor
}

// mask hides the run's secrets in s, unless they are revealed (s).
func (c *common) mask(s string) string {
	if c == nil || c.redactor == nil || c.reveal {
		return s
	}
	return c.redactor.String(s)
}

// say is server or error text made safe for one line: masked, then
// sanitised.
func (c *common) say(s string) string { return clean(c.mask(s)) }

func newCommon(opts Options) *common {
	c := &common{
		keys:      defaultKeyMap(),
		now:       opts.Now,
		isDark:    true,
		noColor:   os.Getenv("NO_COLOR") != "",
		insecure:  opts.Insecure,
		documents: opts.ClientDocuments,
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.styles = newStyles(c.isDark, c.noColor)
	return c
}

// setDark rebuilds the styles for the detected background.
func (c *common) setDark(isDark bool) {
	c.isDark = isDark
	c.styles = newStyles(isDark, c.noColor)
}
