package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

// "Export what works" (e): the walk as a shell snippet for the clipboard,
// the token from `oauthlens token` and the API call that worked as curl
// with it, secrets as variables.

// exportSnippet is the snippet, or why there is none yet.
func (m *Model) exportSnippet() (string, error) {
	call, ok := m.lastCall()
	if !ok {
		return "", fmt.Errorf("nothing works yet: run the walk to a successful call (a), then e exports it")
	}
	var b strings.Builder
	b.WriteString("# oauthlens: the walk that works, as a shell snippet\n")
	fmt.Fprintf(&b, "ACCESS_TOKEN=$(%s)\n", m.tokenCommand())
	b.WriteString(m.curlFor(call) + "\n")
	return b.String(), nil
}

// lastCall is the last API call that succeeded.
func (m *Model) lastCall() (flows.Exchange, bool) {
	for i := len(m.timeline.exs) - 1; i >= 0; i-- {
		ex := m.timeline.exs[i]
		if strings.HasPrefix(ex.Label, "call") && ex.OK() {
			return ex, true
		}
	}
	return flows.Exchange{}, false
}

// tokenCommand is the oauthlens command that gets the walk's token: the
// saved profile's name, else the walk's fields as flags, the secret as
// its reference (never its value).
func (m *Model) tokenCommand() string {
	if m.source != nil && !m.source.Builtin && m.source.Name != "" {
		return "oauthlens token -p " + flows.ShellQuote(m.source.Name)
	}
	args := []string{"oauthlens", "token"}
	add := func(flag, v string) {
		if v != "" {
			args = append(args, flag, flows.ShellQuote(v))
		}
	}
	if m.discover.tokenURL() != "" && m.discover.issuer() == "" {
		add("--token-url", m.discover.tokenURL())
	} else {
		add("--issuer", m.discover.issuer())
	}
	add("--client-id", m.client.clientID())
	ref := m.plan.SecretRef
	if ref == "" || m.client.secret() != m.plan.Token.ClientSecret {
		ref = "env:CLIENT_SECRET"
	}
	add("--client-secret", ref)
	if method, _ := m.client.authMethod(); method == flows.AuthPost {
		add("--auth", "post")
	}
	add("--scope", strings.Join(m.token.scopes(), " "))
	add("--audience", m.token.audience())
	return strings.Join(args, " ")
}

// canExport reports whether e has a call that worked to export.
func (m *Model) canExport() bool { _, ok := m.lastCall(); return ok }

// copyExport copies the snippet (e).
func (m *Model) copyExport() tea.Cmd {
	s, err := m.exportSnippet()
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	m.setStatus("✓ copied the walk as a shell snippet: the token from oauthlens token, the call as curl", false)
	return tea.SetClipboard(s)
}
