package walk

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// The resource fix sends the metadata's resource exactly: in place of one
// that differs only by a trailing slash, added when none was sent, the
// other resources kept; a value that is no absolute URI without a fragment
// (RFC 8707 §2) is refused.
func TestApplyFix_Resource(t *testing.T) {
	const api = "https://api.example.com/mcp"
	for _, tc := range []struct {
		name       string
		sent, want []string
	}{
		{"missing", nil, []string{api}},
		{"trailing slash", []string{api + "/"}, []string{api}},
		{"beside another", []string{"https://other.example/", api + "/"}, []string{"https://other.example/", api}},
		{"another only", []string{"https://other.example/"}, []string{"https://other.example/", api}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pl Plan
			pl.Token.Resource = slices.Clone(tc.sent)
			e, err := pl.ApplyFix(flows.Fix{Kind: flows.FixResource, Value: api}, StepCall)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pl.Token.Resource, tc.want) {
				t.Errorf("resources %q, want %q", pl.Token.Resource, tc.want)
			}
			if want := (Effect{From: StepToken, Changed: "resource " + api}); e != want {
				t.Errorf("effect %+v, want %+v", e, want)
			}
		})
	}
	for _, bad := range []string{"/mcp", api + "#x", "https://a/b c", "https://a/\x1b[2J"} {
		pl := Plan{Token: flows.TokenRequest{Resource: []string{api}}}
		if _, err := pl.ApplyFix(flows.Fix{Kind: flows.FixResource, Value: bad}, StepToken); err == nil ||
			!slices.Equal(pl.Token.Resource, []string{api}) || len(pl.Tried) > 0 {
			t.Errorf("%q applied (err %v, resources %q)", bad, err, pl.Token.Resource)
		}
	}
}

// The resource fix is offered once: not after it was tried, not when it
// changes nothing, not to undo it, and never with a value ApplyFix refuses.
func TestOffer_ResourceNeverLoops(t *testing.T) {
	const api = "https://api.example.com/mcp"
	fix := func(v string) []flows.Diagnosis {
		return []flows.Diagnosis{{Fixes: []flows.Fix{{Kind: flows.FixResource, Value: v}}}}
	}
	var pl Plan
	pl.Token.Resource = []string{api + "/"}
	f, ok := pl.Offer(fix(api))
	if !ok || f.Value != api {
		t.Fatalf("offered %+v (%v), want resource=%s", f, ok, api)
	}
	if _, err := pl.ApplyFix(f, StepToken); err != nil {
		t.Fatal(err)
	}
	if f, ok := pl.Offer(fix(api)); ok {
		t.Errorf("offered %+v again (it changes nothing now)", f)
	}
	if f, ok := pl.Offer(fix(api + "/")); ok {
		t.Errorf("offered %+v, which undoes the fix just applied", f)
	}
	pl.Token.Resource = nil // removed by hand: the same fix was tried already
	if f, ok := pl.Offer(fix(api)); ok {
		t.Errorf("offered %+v after it was tried", f)
	}
	fresh := Plan{Token: flows.TokenRequest{Resource: []string{"https://other.example/", api}}}
	if f, ok := fresh.Offer(fix(api)); ok {
		t.Errorf("offered %+v, which changes nothing", f)
	}
	for _, bad := range []string{api + "#x", "mcp", "https://a/b c"} {
		if f, ok := (Plan{}).Offer(fix(bad)); ok {
			t.Errorf("offered %+v", f)
		}
	}
}

func TestFlagHint_Resource(t *testing.T) {
	for v, want := range map[string]string{
		"https://api.example.com/mcp":   " (--resource https://api.example.com/mcp)",
		"https://api.example.com/a?b&c": " (--resource 'https://api.example.com/a?b&c')",
		"urn:example:api":               " (--resource urn:example:api)",
		"https://a/\x1b[2J":             "", "https://a/#x": "",
	} {
		if got := FlagHint(flows.Fix{Kind: flows.FixResource, Value: v}); got != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
	}
}

// On the demo's resource-strict fault, the walk's own loop recovers: the
// failure's diagnosis (with FindResource's metadata) offers the resource
// fix, ApplyFix puts it in the plan, and the token request then succeeds;
// the diagnosis of a second failure would not offer it again.
func TestResourceFix_RecoversOnTheDemo(t *testing.T) {
	ts := httptest.NewServer(demo.New(demo.Config{Faults: []string{string(demo.FaultResourceStrict)}}).Handler())
	defer ts.Close()
	for _, sent := range [][]string{nil, {ts.URL + "/api/"}} {
		pl := Plan{Issuer: ts.URL, API: API{URL: ts.URL + "/api/me"},
			Token: flows.TokenRequest{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret, Resource: sent}}
		ds, _ := diagnoseAcquire(t, ts, pl)
		f, ok := pl.Offer(ds)
		if !ok || f.Kind != flows.FixResource || f.Value != ts.URL+"/api" {
			t.Fatalf("sent %q: offered %+v (%v), want resource=%s/api; diagnoses %v", sent, f, ok, ts.URL, ds)
		}
		if _, err := pl.ApplyFix(f, StepToken); err != nil {
			t.Fatal(err)
		}
		if _, err := Acquire(context.Background(), ts.Client(), &pl, Guards{}); err != nil {
			t.Errorf("sent %q, then the fix: %v", sent, err)
		}
		if f, ok := pl.Offer(ds); ok {
			t.Errorf("the same diagnoses offer %+v again", f)
		}
	}
}
