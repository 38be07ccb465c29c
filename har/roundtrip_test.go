package har_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

// codes are the diagnosis codes of ds.
func codes(ds []flows.Diagnosis) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	return out
}

// TestDiagnoseRecorded_SameAsLive runs doctor's checkup against the demo
// with each fault on, writes the exchanges as HAR, reads them back and
// recomputes the diagnoses offline: every failed check's diagnoses come
// back, with the same codes.
func TestDiagnoseRecorded_SameAsLive(t *testing.T) {
	for _, f := range demo.Faults {
		t.Run(string(f.Name), func(t *testing.T) {
			s := demo.New(demo.Config{Faults: []string{string(f.Name)}})
			ts := httptest.NewServer(s.Handler())
			defer ts.Close()
			r := flows.CheckupRequest{Issuer: ts.URL, Token: flows.TokenRequest{ClientID: demo.ClientID,
				ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic},
				Call: &flows.CallRequest{URL: ts.URL + "/api/me"}}
			hc := &http.Client{Timeout: time.Second} // the slow faults time out quickly
			checks := flows.Checkup(context.Background(), hc, r)
			var exs []flows.Exchange
			var live [][]string
			for _, ch := range checks {
				exs = append(exs, ch.Exchanges...)
				if ch.Status == flows.CheckFail && ch.Step != flows.StepVerify {
					live = append(live, codes(ch.Diagnoses))
				}
			}
			data, err := har.Marshal(har.Build(exs, nil, "test"))
			if err != nil {
				t.Fatal(err)
			}
			back, err := har.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			var offline [][]string
			for _, fd := range flows.DiagnoseRecorded(back) {
				offline = append(offline, codes(fd.Diagnoses))
			}
			for _, want := range live {
				if !slices.ContainsFunc(offline, func(got []string) bool { return slices.Equal(got, want) }) {
					t.Errorf("live diagnoses %v not recomputed offline; offline: %v", want, offline)
				}
			}
		})
	}
}
