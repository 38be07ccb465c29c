package flows

import (
	"net/http"
	"strings"
	"testing"
)

const diffSecret = "diff-secret-0123456789"

func diffPair() (Exchange, Exchange) {
	a := Exchange{Label: "token", Method: "POST", URL: "https://auth.example.com/token", Status: 401,
		StatusText: "401 Unauthorized", Proto: "HTTP/1.1",
		RequestHeader: []HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"},
			{Name: "Authorization", Value: "Basic " + BasicCredentials("demo-client", diffSecret)}},
		RequestBody:    []byte("grant_type=client_credentials&scope=api%3Aread+api%3Awrite"),
		ResponseHeader: http.Header{"Content-Type": {"application/json"}, "Date": {"Mon, 1 Jan"}},
		ResponseBody:   []byte(`{"error":"invalid_scope","error_description":"api:write is unknown"}`),
		Secrets:        []Secret{{Name: "CLIENT_SECRET", Value: diffSecret}}}
	b := a
	b.Status, b.StatusText = 200, "200 OK"
	b.RequestHeader = []HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}}
	b.RequestBody = []byte("grant_type=client_credentials&scope=api%3Aread&client_id=demo-client&client_secret=" +
		diffSecret)
	b.ResponseHeader = http.Header{"Content-Type": {"application/json"}, "Cache-Control": {"no-store"}}
	b.ResponseBody = []byte(`{"access_token":"tok-0123456789abcdef","token_type":"Bearer","note":"\u001b[2Jhi"}`)
	b.Secrets = nil // the other side's secrets mask this one too
	return a, b
}

func findLine(lines []DiffLine, s DiffSection, op DiffOp, sub string) bool {
	for _, l := range lines {
		if l.Section == s && l.Op == op && strings.Contains(l.A+"|"+l.B, sub) {
			return true
		}
	}
	return false
}

func TestDiffExchanges(t *testing.T) {
	a, b := diffPair()
	lines := DiffExchanges(a, b, false)
	for _, c := range []struct {
		s   DiffSection
		op  DiffOp
		sub string
	}{
		{SectionStatus, DiffChanged, "401 Unauthorized|200 OK"},
		{SectionRequestLine, DiffSame, "POST https://auth.example.com/token"},
		{SectionRequestHeaders, DiffSame, "Content-Type: application/x-www-form-urlencoded"},
		{SectionRequestHeaders, DiffRemoved, "Authorization: Basic " + Mask},
		{SectionRequestBody, DiffChanged, "scope=api:read api:write|scope=api:read"},
		{SectionRequestBody, DiffAdded, "client_secret=" + Mask},
		{SectionRequestBody, DiffAdded, "client_id=demo-client"},
		{SectionResponseHeaders, DiffRemoved, "Date: Mon, 1 Jan"},
		{SectionResponseHeaders, DiffAdded, "Cache-Control: no-store"},
		{SectionResponseBody, DiffRemoved, `"error": "invalid_scope",`},
		{SectionResponseBody, DiffAdded, `"token_type": "Bearer",`},
	} {
		if !findLine(lines, c.s, c.op, c.sub) {
			t.Errorf("no %s line %d with %q in\n%v", c.s, c.op, c.sub, lines)
		}
	}
	for _, l := range lines {
		text := l.A + l.B
		if strings.Contains(text, diffSecret) || strings.Contains(text, "tok-0123456789abcdef") ||
			strings.Contains(text, BasicCredentials("demo-client", diffSecret)) {
			t.Errorf("a secret shows: %q", text)
		}
		if strings.ContainsRune(text, 0x1b) {
			t.Errorf("server text not sanitised: %q", text)
		}
	}
	if c, ad, r := DiffCounts(lines); c == 0 || ad == 0 || r == 0 {
		t.Errorf("counts %d %d %d", c, ad, r)
	}
	revealed := DiffExchanges(a, b, true)
	if !findLine(revealed, SectionRequestBody, DiffAdded, "client_secret="+diffSecret) {
		t.Errorf("revealed: the secret is not shown")
	}
}

func TestDiffExchanges_Identical(t *testing.T) {
	a, _ := diffPair()
	for _, l := range DiffExchanges(a, a, false) {
		if l.Op != DiffSame {
			t.Errorf("an exchange differs from itself: %+v", l)
		}
	}
}

func TestDiffLines_LCS(t *testing.T) {
	got := diffLines("x", []string{"a", "b", "c", "d"}, []string{"a", "c", "d", "e"})
	var ops []DiffOp
	for _, l := range got {
		ops = append(ops, l.Op)
	}
	want := []DiffOp{DiffSame, DiffRemoved, DiffSame, DiffSame, DiffAdded}
	if len(ops) != len(want) {
		t.Fatalf("got %v, want %v", ops, want)
	}
	for i := range want {
		if ops[i] != want[i] {
			t.Errorf("line %d: got %v, want %v", i, ops[i], want[i])
		}
	}
}

// Two secrets behind the same mask are not the same.
func TestDiffExchanges_SecretDiffersBehindTheMask(t *testing.T) {
	a, _ := diffPair()
	b := a
	b.RequestHeader = []HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"},
		{Name: "Authorization", Value: "Basic " + BasicCredentials("demo-client", "another-secret-9876")}}
	b.RequestBody = []byte("grant_type=client_credentials&scope=api%3Aread+api%3Awrite&client_secret=one-secret-1")
	a.RequestBody = []byte("grant_type=client_credentials&scope=api%3Aread+api%3Awrite&client_secret=two-secret-2")
	lines := DiffExchanges(a, b, false)
	if !findLine(lines, SectionRequestHeaders, DiffChanged, "Basic "+Mask+SecretDiffers) {
		t.Errorf("the changed Basic credential reads as the same:\n%v", lines)
	}
	if !findLine(lines, SectionRequestBody, DiffChanged, "client_secret="+Mask+SecretDiffers) {
		t.Errorf("the changed client_secret reads as the same:\n%v", lines)
	}
	for _, l := range lines {
		if strings.Contains(l.A+l.B, "another-secret") || strings.Contains(l.A+l.B, "-secret-") {
			t.Errorf("a secret shows: %+v", l)
		}
	}
}

// A recording holds only the mask: the secret is not said to differ.
func TestDiffExchanges_RecordedMaskNotCompared(t *testing.T) {
	a, _ := diffPair()
	b := a
	b.RequestHeader = []HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"},
		{Name: "Authorization", Value: "Basic " + Mask}}
	lines := DiffExchanges(a, b, false)
	if !findLine(lines, SectionRequestHeaders, DiffSame, "Basic "+Mask+SecretUnknown) ||
		findLine(lines, SectionRequestHeaders, DiffChanged, "Authorization") {
		t.Errorf("a recorded mask reads as another secret:\n%v", lines)
	}
}

func TestPairExchanges(t *testing.T) {
	ex := func(l string) Exchange { return Exchange{Label: l} }
	a := []Exchange{ex("discovery"), ex("token"), ex("call"), ex("token"), ex("jwks")}
	b := []Exchange{ex("discovery"), ex("token"), ex("token"), ex("token")}
	got := PairExchanges(a, b)
	want := []ExchangePair{{"discovery", 0, 0}, {"token", 1, 1}, {"token", 3, 2}, {"token", -1, 3},
		{"call", 2, -1}, {"jwks", 4, -1}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("pair %d: got %v, want %v", i, got[i], want[i])
		}
	}
}
