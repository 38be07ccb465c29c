package demo_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// hostileCases are checkups against the hostile faults: the step that
// must fail and the diagnosis that must explain it.
var hostileCases = []struct {
	faults []string
	step   flows.Step
	status string
	code   flows.Code
}{
	{[]string{"echo-request", "wrong-secret"}, "token", "fail", flows.CodeTokenInvalidClient},
	{[]string{"issuer-mixup"}, "discovery", "fail", flows.CodeDiscoveryIssuerMismatch},
	{[]string{"escape-token"}, "token", "fail", flows.CodeTokenInvalidString},
	{[]string{"crlf-fields", "wrong-secret"}, "token", "fail", flows.CodeTokenInvalidClient},
	{[]string{"crit-header"}, "verify", "fail", flows.CodeJWTCritUnsupported},
	{[]string{"slow-body"}, "discovery", "fail", flows.CodeNetworkTimeout},
}

// hostileCovered are the faults TestFaults_Hostile covers, for
// TestFaults_EveryFaultHasACase.
var hostileCovered = []demo.Fault{demo.FaultEchoRequest, demo.FaultIssuerMixup, demo.FaultEscapeToken,
	demo.FaultCRLFFields, demo.FaultCritHeader, demo.FaultSlowBody}

func TestFaults_Hostile(t *testing.T) {
	hc := &http.Client{Timeout: time.Second}
	for _, c := range hostileCases {
		t.Run(strings.Join(c.faults, "+"), func(t *testing.T) {
			_, checks := checkupWithFaultsClient(t, hc, nil, c.faults...)
			check, ok := findCheck(checks, c.step)
			if !ok || string(check.Status) != c.status {
				t.Fatalf("step %s: got %v, want status %s", c.step, summarize(checks), c.status)
			}
			if _, ok := findDiagnosis(check.Diagnoses, string(c.code)); !ok {
				t.Errorf("step %s: no diagnosis %s in %v", c.step, c.code, diagCodes(check.Diagnoses))
			}
		})
	}
}
