package flows

import (
	"math/rand"
	"net/http"
	"strings"
	"testing"
)

// applySpans replaces every span of b with Mask.
func applySpans(b string, spans []Span) string {
	var out strings.Builder
	pos := 0
	for _, s := range spans {
		out.WriteString(b[pos:s.Start] + Mask)
		pos = s.End
	}
	return out.String() + b[pos:]
}

func spanExchange(body, contentType string, secrets ...string) Exchange {
	ex := Exchange{Status: 200, ResponseHeader: http.Header{"Content-Type": {contentType}}, ResponseBody: []byte(body)}
	for _, s := range secrets {
		ex.Secrets = append(ex.Secrets, Secret{Name: "S", Value: s})
	}
	return ex
}

// TestResponseSecretSpans_AsRawResponse: masking the spans gives what
// RawResponse shows.
func TestResponseSecretSpans_AsRawResponse(t *testing.T) {
	tests := []struct{ body, ct string }{
		{`{"access_token":"abc.def","token_type":"Bearer","n":1}`, "application/json"},
		{`[{"id":1,"name":"x"},{"Client_Secret" : "s3cr\"et\\x"}]`, "application/json"},
		{"{\"password\":\n  \"p w\"}", "application/json"},
		{`{"token":""}`, "application/json"},
		{`{"refresh_token":"cut in the midd`, "application/json"},
		{`{"refresh_token":"cut after a backslash\`, "application/json"},
		{"{\"secret\":\"a\\\nb\",\"secret\":\"c\"}", "application/json"},
		{`{"note":"the \"access_token\":\"inside\" a string","id_token":"j.w.t"}`, "application/json"},
		{`access_token=abc&token_type=bearer&client%5Fsecret=s&password=`, "application/x-www-form-urlencoded"},
		{`{"msg":"known value sEcReT-123 here and sEcReT-123 there, or sEcReT%2D123?"}`, "application/json"},
	}
	for _, tc := range tests {
		ex := spanExchange(tc.body, tc.ct, "sEcReT-123")
		want := ex.masker(false).body(tc.body, IsFormType(tc.ct))
		if got := applySpans(tc.body, ex.ResponseSecretSpans(false)); got != want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.body, got, want)
		}
		if spans := ex.ResponseSecretSpans(true); spans != nil {
			t.Errorf("revealed: got %v, want none", spans)
		}
	}
}

// TestResponseSecretSpans_Random compares with the regexp on random text
// made of JSON's troublesome pieces.
func TestResponseSecretSpans_Random(t *testing.T) {
	pieces := []string{`"`, `\`, `:`, ` `, "\n", `access_token`, `name`, `x`, `,`, `{`, `é`, `""`, `":"`}
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(30); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		body := b.String()
		ex := spanExchange(body, "application/json")
		want := ex.masker(false).body(body, false)
		if got := applySpans(body, ex.ResponseSecretSpans(false)); got != want {
			t.Fatalf("%q:\ngot  %q\nwant %q", body, got, want)
		}
	}
}
