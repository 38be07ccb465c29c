package vendorerrors

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDictionaries_Valid(t *testing.T) {
	want := []string{"auth0", "cognito", "duende", "entra", "google", "keycloak", "okta", "ping", "spring"}
	if got := Vendors(); !slices.Equal(got, want) {
		t.Errorf("Vendors: got %q, want %q", got, want)
	}
	seen := map[string]bool{}
	for _, d := range Dictionaries() {
		if d.Name == "" || !strings.HasPrefix(d.Docs, "https://") {
			t.Errorf("%s: name and docs URL are required", d.Vendor)
		}
		for _, e := range d.Entries {
			if seen[e.ID] {
				t.Errorf("duplicate id %s", e.ID)
			}
			seen[e.ID] = true
			for _, f := range e.Fixes {
				if f.Text == "" {
					t.Errorf("%s: a fix has no text", e.ID)
				}
			}
		}
	}
}

func TestLoad_Rejects(t *testing.T) {
	bad := map[string]string{
		"vendor name":    `{"vendor":"other","entries":[]}`,
		"unknown field":  `{"vendor":"x","entries":[],"extra":1}`,
		"id prefix":      dictJSON(`"id":"y.a"`, `"error":["e"]`, ""),
		"no condition":   dictJSON(`"id":"x.a"`, ``, ""),
		"bad regexp":     dictJSON(`"id":"x.a"`, `"text":"("`, ""),
		"bad action":     dictJSON(`"id":"x.a"`, `"error":["e"]`, `"kind":"reboot"`),
		"bad auth value": dictJSON(`"id":"x.a"`, `"error":["e"]`, `"kind":"auth","value":"basic"`),
		"retry value":    dictJSON(`"id":"x.a"`, `"error":["e"]`, `"kind":"retry","value":"1"`),
	}
	for name, body := range bad {
		fsys := fstest.MapFS{"dict/x.json": {Data: []byte(body)}}
		if _, err := load(fsys); err == nil {
			t.Errorf("%s: got no error", name)
		}
	}
	good := dictJSON(`"id":"x.a"`, `"error":["e"]`, `"kind":"scope","value":""`)
	if _, err := load(fstest.MapFS{"dict/x.json": {Data: []byte(good)}}); err != nil {
		t.Errorf("good file: %v", err)
	}
}

// dictJSON builds a dictionary "x" of one entry.
func dictJSON(id, match, action string) string {
	return `{"vendor":"x","entries":[` + entryJSON(id, match, action) + `]}`
}

// entryJSON builds one entry with the given id, match body and action body.
func entryJSON(id, match, action string) string {
	return `{` + id + `,"match":{` + match + `},"summary":"s","causes":["c"],` +
		`"fixes":[{"text":"t","action":{` + action + `}}],"refs":["https://example.com"]}`
}

func TestAction_String(t *testing.T) {
	cases := map[Action]string{
		{}:                                   "",
		{Kind: ActionRetry}:                  "retry",
		{Kind: ActionAuth, Value: AuthPost}:  "auth=client_secret_post",
		{Kind: ActionScope, Value: ""}:       "scope=",
		{Kind: ActionAudience, Value: "api"}: "audience=api",
		{Kind: ActionScope, Value: "a b"}:    "scope=a b",
	}
	for a, want := range cases {
		if got := a.String(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"a\x00b\x1b[31mc\u009bd": "ab[31mcd",
		"  line1\r\n\tline2  ":   "line1 line2",
		"x\u202ey\u2066z":        "xyz",
		"bad\xffutf8":            "bad\uFFFDutf8",
	}
	for in, want := range cases {
		if got := clean(in); got != want {
			t.Errorf("clean(%q): got %q, want %q", in, got, want)
		}
	}
	if got := clean(strings.Repeat("é", 5000)); len(got) > maxField {
		t.Errorf("got %d bytes, want at most %d", len(got), maxField)
	}
}
