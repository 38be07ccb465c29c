package profiles

import "testing"

func TestDemoTemplate_ClientCreationFollowsTheServer(t *testing.T) {
	d := DemoProfile("http://127.0.0.1:34567")
	c := d.ClientCreation
	if c == nil {
		t.Fatal("the demo template has no client_creation")
	}
	check(t, "demo client creation URL", c.URL, "http://127.0.0.1:34567/api/client/")
	check(t, "demo admin token", c.BearerToken, "env:DEMO_ADMIN_TOKEN")
	if err := d.Validate(); err != nil {
		t.Errorf("demo profile: %v", err)
	}
	if again := DemoProfile("http://127.0.0.1:1"); again.ClientCreation.URL != "http://127.0.0.1:1/api/client/" ||
		c.URL != "http://127.0.0.1:34567/api/client/" {
		t.Errorf("demo profiles share their client_creation: %q, %q", again.ClientCreation.URL, c.URL)
	}
	wfp, _ := Template("workfloplus")
	if wfp.ClientCreation == nil || wfp.ClientCreation.Body != c.Body {
		t.Errorf("workfloplus and demo bodies differ: %+v", wfp.ClientCreation)
	}
}
