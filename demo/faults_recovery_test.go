package demo_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// recoveryFaultsTested are the faults of faults_recovery.go, tested here.
var recoveryFaultsTested = []demo.Fault{demo.FaultResourceStrict, demo.FaultRegistration500,
	demo.FaultRegistrationEmpty, demo.FaultStaleClientGrant}

func recoveryServer(t *testing.T, f demo.Fault) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(demo.New(demo.Config{Faults: []string{string(f)}}).Handler())
	t.Cleanup(ts.Close)
	return ts
}

func TestFaults_RegistrationFailuresAreExplained(t *testing.T) {
	for f, want := range map[demo.Fault]string{demo.FaultRegistration500: "failed (HTTP 500) with an empty body",
		demo.FaultRegistrationEmpty: "HTTP 201 with an empty body"} {
		ts := recoveryServer(t, f)
		_, _, err := flows.Register(context.Background(), ts.Client(), flows.RegistrationRequest{
			Endpoint: ts.URL + "/register", ClientName: "mcp client"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", f, err, want)
		}
	}
}

func TestFaults_StaleClientGrant(t *testing.T) {
	ts := recoveryServer(t, demo.FaultStaleClientGrant)
	r := flows.TokenRequest{TokenURL: ts.URL + "/token", ClientID: "forgotten-client", ClientSecret: "secret-value"}
	_, ex, err := flows.RequestToken(context.Background(), ts.Client(), r)
	if err == nil {
		t.Fatal("an unknown client got a token")
	}
	ds := flows.Diagnose(err, flows.Context{Step: flows.StepToken, Request: &r, Exchanges: []flows.Exchange{ex}})
	if ds[0].Code != flows.CodeTokenStaleClient {
		t.Errorf("got %v, want %s first", ds, flows.CodeTokenStaleClient)
	}
}

func TestFaults_ResourceStrict(t *testing.T) {
	ts := recoveryServer(t, demo.FaultResourceStrict)
	rd, _, err := flows.DiscoverResource(context.Background(), ts.Client(), ts.URL+"/api/me")
	if err != nil {
		t.Fatal(err)
	}
	md := rd.Metadata
	for _, c := range []struct {
		sent []string
		want flows.Code
	}{{[]string{md.Resource + "/"}, flows.CodeResourceTrailingSlash}, {nil, flows.CodeResourceNotSent},
		{[]string{md.Resource}, ""}} {
		r := flows.TokenRequest{TokenURL: ts.URL + "/token", ClientID: demo.ClientID,
			ClientSecret: demo.ClientSecret, Resource: c.sent}
		_, ex, err := flows.RequestToken(context.Background(), ts.Client(), r)
		if c.want == "" {
			if err != nil {
				t.Errorf("the exact resource was refused: %v", err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%v: got a token", c.sent)
		}
		ds := flows.Diagnose(err, flows.Context{Step: flows.StepToken, Request: &r,
			Exchanges: []flows.Exchange{ex}, Resource: &md})
		if ds[0].Code != c.want {
			t.Errorf("%v: got %v, want %s first", c.sent, ds, c.want)
		}
	}
}
