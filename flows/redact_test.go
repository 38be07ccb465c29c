package flows

import (
	"strings"
	"testing"
)

func TestRedactor_EveryForm(t *testing.T) {
	const secret = `p:a+s/s%w rd<&>"x`
	r := NewRedactor(Secret{Name: "CLIENT_SECRET", Value: secret})
	texts := []string{
		"raw " + secret,
		"form client_secret=" + "p%3Aa%2Bs%2Fs%25w+rd%3C%26%3E%22x",
		"path /p:a+s%2Fs%25w%20rd%3C&%3E%22x",
		`json {"echo":"p:a+s/s%w rd\u003c\u0026\u003e\"x"}`,
		`json-slash {"echo":"p:a+s\/s%w rd<&>\"x"}`,
	}
	for _, s := range texts {
		got := r.String(s)
		if !strings.Contains(got, Mask) {
			t.Errorf("not masked: %q → %q", s, got)
		}
	}
}

func TestRedactor_ShortValuesAreNotMaskedInsideWords(t *testing.T) {
	r := NewRedactor(Secret{Name: "CLIENT_SECRET", Value: "wrong"})
	const msg = "the client secret is wrong"
	if got := r.String(msg); got != msg {
		t.Errorf("got %q, want the server's words unchanged", got)
	}
}

func TestRedactor_LongestFirstAndNil(t *testing.T) {
	r := NewRedactor(Secret{Value: "abcdefgh"}, Secret{Value: "abcdefgh-longer"})
	if got := r.String("x abcdefgh-longer y"); got != "x "+Mask+" y" {
		t.Errorf("got %q", got)
	}
	var none *Redactor
	if none.String("abcdefgh") != "abcdefgh" {
		t.Error("a nil Redactor changed text")
	}
}

func TestRedactor_Diagnosis(t *testing.T) {
	const tok = "eyJhbGciOi.live-token.sig"
	r := NewRedactor(Secret{Name: "ACCESS_TOKEN", Value: tok})
	d := Diagnosis{Summary: "s " + tok, Causes: []string{tok}, Fixes: []Fix{{Text: tok}},
		Evidence: []string{`body: {"access_token":"` + tok + `"}`}}
	got := r.Diagnosis(d)
	for _, s := range append(append([]string{got.Summary, got.Fixes[0].Text}, got.Causes...), got.Evidence...) {
		if strings.Contains(s, tok) {
			t.Errorf("the token is in %q", s)
		}
	}
	if !strings.Contains(d.Causes[0], tok) {
		t.Error("Diagnosis changed its argument")
	}
}
