package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// Bug 10: diagnoses on screen name the TUI's fields and keys, never CLI
// flags.
func TestDiagnosis_SpeaksTUI(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	ds := []flows.Diagnosis{
		{Code: flows.CodeUnknown, Summary: "no token URL: give --token-url, or --issuer to discover it",
			Fixes: []flows.Fix{{Text: "run again with -v to see every HTTP exchange"},
				{
					Text: "add the header the API's documentation names: -H \"X-Api-Key: env:API_KEY\" (or api_headers in the profile)",
				},
				{Text: "ask for a token for this API with --audience (or --resource) set to the API's identifier"}}},
	}
	m.setDiag(stepToken, diagnosis{list: ds})
	d := m.base(stepToken).diag.list[0]
	all := d.Summary
	for _, f := range d.Fixes {
		all += "\n" + f.Text
	}
	for _, flag := range []string{"--token-url", "--issuer", "-v", "-H ", "--audience", "--resource"} {
		if strings.Contains(all, flag) {
			t.Errorf("the diagnosis speaks CLI (%q):\n%s", flag, all)
		}
	}
	for _, want := range []string{"Token URL", "Headers field (step 4)", "Audience"} {
		if !strings.Contains(all, want) {
			t.Errorf("the diagnosis does not name %q:\n%s", want, all)
		}
	}
}

// Bug 10: a failure where no request was made does not point to an
// exchange; a body that is not JSON is said once; "show once" is not
// "stored in nowhere".
func TestWording_NoContradictions(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	err := &flows.ConfigError{Msg: "no token URL: fill it in"}
	m.token.fail(err)
	m.setDiag(stepToken, diagnosis{list: flows.Diagnose(err, flows.Context{Step: flows.StepToken})})
	m.token.refresh(false)
	if v := plainView(m); strings.Contains(v, "raw exchange is in the Exchange pane") {
		t.Errorf("no request was made, yet the step points to its exchange:\n%s", v)
	}

	ex := tokenRequestExchange(200, "{not json", "")
	jerr := fmt.Errorf("token response: %w", flows.ErrNotJSON)
	ds := flows.Diagnose(jerr, flows.Context{Step: flows.StepToken, Exchanges: []flows.Exchange{ex}})
	if len(ds) == 0 || strings.Count(ds[0].Summary, "JSON") != 1 {
		t.Errorf("the summary repeats itself: %+v", ds)
	}

	c := toAdminMode(t, newCreateModel(t, 120, 40, &profiles.Store{Dir: goldenStoreDir}))
	for range 3 {
		if c.client.form.value(fNewStore) == "show once" {
			break
		}
		c.client.cycleStore(1)
	}
	if v := plainView(c); strings.Contains(v, "in nowhere") || !strings.Contains(v, "not stored") {
		t.Errorf("show once reads wrong:\n%s", v)
	}
}
