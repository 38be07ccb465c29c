package ui

import (
	"strings"
	"testing"
)

// The header names the grant in use, not always client credentials.
func TestHeader_NamesTheGrantInUse(t *testing.T) {
	m := newTestModel(t, 160, 40)
	if h := m.headerLine(); !strings.Contains(h, "OAuth 2.0 client credentials, step by step") {
		t.Errorf("default header: %q", h)
	}
	m.plan.GrantPlan.Name = "device"
	m.token.form.fields[fGrant].input.SetValue("")
	if h := m.headerLine(); !strings.Contains(h, "OAuth 2.0 device authorization, step by step") {
		t.Errorf("the plan's grant: %q", h)
	}
	m.token.form.fields[fGrant].input.SetValue("authorization_code")
	if h := m.headerLine(); !strings.Contains(h, "OAuth 2.0 authorization code + PKCE, step by step") ||
		strings.Contains(h, "client credentials") {
		t.Errorf("the grant typed in step 3: %q", h)
	}
}
