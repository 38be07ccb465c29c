package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// want is what a test expects of the first diagnosis with Code: substrings
// of a cause, of a fix's text, of the evidence, and a fix's exact Action.
type want struct {
	code, cause, fix, action, evidence string
}

// check finds the diagnosis with w.code among ds and checks its key facts.
func (w want) check(t *testing.T, ds []Diagnosis) {
	t.Helper()
	d, ok := findDiagnosis(ds, w.code)
	if !ok {
		t.Fatalf("no diagnosis %q; got %v", w.code, codes(ds))
	}
	if d.Summary == "" || len(d.Causes) == 0 || len(d.Fixes) == 0 {
		t.Errorf("%s: incomplete diagnosis %+v", w.code, d)
	}
	if w.cause != "" && !strings.Contains(strings.Join(d.Causes, "\n"), w.cause) {
		t.Errorf("%s: causes %q do not mention %q", w.code, d.Causes, w.cause)
	}
	if w.fix != "" && !hasFix(d, func(f Fix) bool { return strings.Contains(f.Text, w.fix) }) {
		t.Errorf("%s: fixes %+v do not mention %q", w.code, d.Fixes, w.fix)
	}
	if w.action != "" && !hasFix(d, func(f Fix) bool { return f.Action() == w.action }) {
		t.Errorf("%s: fixes %+v have no action %q", w.code, d.Fixes, w.action)
	}
	if w.evidence != "" && !strings.Contains(strings.Join(d.Evidence, "\n"), w.evidence) {
		t.Errorf("%s: evidence %q does not mention %q", w.code, d.Evidence, w.evidence)
	}
}

func findDiagnosis(ds []Diagnosis, code string) (Diagnosis, bool) {
	for _, d := range ds {
		if string(d.Code) == code {
			return d, true
		}
	}
	return Diagnosis{}, false
}

func hasFix(d Diagnosis, ok func(Fix) bool) bool {
	for _, f := range d.Fixes {
		if ok(f) {
			return true
		}
	}
	return false
}

func codes(ds []Diagnosis) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	return out
}

// answer is a handler that writes a fixed response.
func answer(status int, contentType, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// tokenFailure requests a token from h and diagnoses the failure.
func tokenFailure(t *testing.T, h http.Handler, r TokenRequest, md *Metadata) []Diagnosis {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	r.TokenURL = ts.URL + "/token"
	if r.ClientID == "" {
		r.ClientID, r.ClientSecret = "client", "secret"
	}
	_, ex, err := RequestToken(context.Background(), ts.Client(), r)
	if err == nil {
		t.Fatalf("the token request succeeded; want a failure")
	}
	return Diagnose(err, Context{Step: StepToken, Request: &r, Metadata: md, Exchanges: []Exchange{ex}})
}

func TestParseFixAction(t *testing.T) {
	for action, want := range map[string][2]string{"scope=a b": {"scope", "a b"}, "scope=": {"scope", ""}, "retry": {"retry", ""}, "": {"", ""}} {
		k, v := ParseFixAction(action)
		if string(k) != want[0] || v != want[1] {
			t.Errorf("%q: got %q, %q; want %q, %q", action, k, v, want[0], want[1])
		}
	}
}
