package flows

import (
	"strings"
	"testing"
)

// TestDiagnose_PastedInvalidClientNamesNoMethod: an invalid_client whose
// request is not known (a pasted answer) names no method it was "not"
// sent with, and offers no switch (C3: it said "registered for
// client_secret_post, not ").
func TestDiagnose_PastedInvalidClientNamesNoMethod(t *testing.T) {
	descs := []string{"", "client authentication failed", "client must authenticate with client_secret_basic"}
	for _, desc := range descs {
		e := &OAuthError{Code: "invalid_client", Description: desc, StatusCode: 401}
		ds := Diagnose(e, Context{Step: StepToken})
		if len(ds) == 0 {
			t.Fatalf("%q: no diagnosis", desc)
		}
		for _, d := range ds {
			for _, c := range d.Causes {
				if strings.Contains(c, "registered for") || strings.HasSuffix(strings.TrimSpace(c), "not") {
					t.Errorf("%q: cause %q", desc, c)
				}
			}
			for _, f := range d.Fixes {
				if f.Kind == FixAuth {
					t.Errorf("%q: fix %+v with no request known", desc, f)
				}
			}
			for _, ev := range d.Evidence {
				if strings.TrimSpace(ev) == "sent with" {
					t.Errorf("%q: evidence %q", desc, ev)
				}
			}
		}
	}
}
