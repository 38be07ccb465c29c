package flows

import (
	"reflect"
	"testing"
)

func TestParseWWWAuthenticate(t *testing.T) {
	type P = map[string]string
	tests := []struct {
		name   string
		values []string
		want   []Challenge
	}{
		{"none", nil, nil},
		{"empty", []string{""}, nil},
		{"bare scheme", []string{"Bearer"}, []Challenge{{Scheme: "Bearer", Params: P{}}}},
		{
			"RFC 6750 §3 example",
			[]string{`Bearer realm="example", error="invalid_token", error_description="The access token expired"`},
			[]Challenge{
				{
					Scheme: "Bearer",
					Params: P{
						"realm":             "example",
						"error":             "invalid_token",
						"error_description": "The access token expired",
					},
				},
			},
		},
		{"escaped quotes and backslash", []string{`Bearer error_description="the \"scope\" is a\\b", scope="a b"`},
			[]Challenge{{Scheme: "Bearer", Params: P{"error_description": `the "scope" is a\b`, "scope": "a b"}}}},
		{"token values, no spaces, upper-case names", []string{`Bearer Realm=api,ERROR=insufficient_scope`},
			[]Challenge{{Scheme: "Bearer", Params: P{"realm": "api", "error": "insufficient_scope"}}}},
		{"comma inside quotes", []string{`Bearer realm="a, b=c", error="x"`},
			[]Challenge{{Scheme: "Bearer", Params: P{"realm": "a, b=c", "error": "x"}}}},
		{"two challenges in one value", []string{`Basic realm="token", Bearer realm="api", error="invalid_token"`},
			[]Challenge{
				{Scheme: "Basic", Params: P{"realm": "token"}},
				{Scheme: "Bearer", Params: P{"realm": "api", "error": "invalid_token"}},
			}},
		{"bare scheme then another", []string{`Negotiate, Basic realm="x"`},
			[]Challenge{{Scheme: "Negotiate", Params: P{}}, {Scheme: "Basic", Params: P{"realm": "x"}}}},
		{"three challenges", []string{`DPoP algs="ES256 PS256", Bearer, Basic realm="r"`},
			[]Challenge{
				{Scheme: "DPoP", Params: P{"algs": "ES256 PS256"}},
				{Scheme: "Bearer", Params: P{}},
				{Scheme: "Basic", Params: P{"realm": "r"}},
			}},
		{"token68 with padding", []string{`Negotiate YIIB+gYGKwYBBQUCoIIB7jCC==`},
			[]Challenge{{Scheme: "Negotiate", Token68: "YIIB+gYGKwYBBQUCoIIB7jCC==", Params: P{}}}},
		{"token68 with one pad", []string{`Negotiate abc=`},
			[]Challenge{{Scheme: "Negotiate", Token68: "abc=", Params: P{}}}},
		{"token68 without padding", []string{`Negotiate YIIB-_gYG`},
			[]Challenge{{Scheme: "Negotiate", Token68: "YIIB-_gYG", Params: P{}}}},
		{"token68 then a challenge", []string{`Negotiate abc==, Basic realm="x"`},
			[]Challenge{
				{Scheme: "Negotiate", Token68: "abc==", Params: P{}},
				{Scheme: "Basic", Params: P{"realm": "x"}},
			}},
		{"several header values", []string{`Basic realm="token"`, `Bearer error="invalid_token"`},
			[]Challenge{
				{Scheme: "Basic", Params: P{"realm": "token"}},
				{Scheme: "Bearer", Params: P{"error": "invalid_token"}},
			}},
		{
			"escape sequences removed",
			[]string{"Bearer error=\"invalid_token\x1b[2J\", error_description=\"a\x1b]52;c;QQ==\x07b\""},
			[]Challenge{{Scheme: "Bearer", Params: P{"error": "invalid_token", "error_description": "ab"}}},
		},
		{"unterminated quoted string", []string{`Bearer realm="api`},
			[]Challenge{{Scheme: "Bearer", Params: P{"realm": "api"}}}},
		{"backslash at the end", []string{`Bearer realm="api\`},
			[]Challenge{{Scheme: "Bearer", Params: P{"realm": `api\`}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseWWWAuthenticate(tt.values)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseWWWAuthenticate(%q):\ngot  %#v\nwant %#v", tt.values, got, tt.want)
			}
		})
	}
}

func TestParseWWWAuthenticate_GarbageNeverPanics(t *testing.T) {
	for _, s := range []string{
		`"`, `""""`, `=`, `==,,==`, `,,,`, ` `, `Bearer =`, `Bearer ="x"`, `Bearer a==b`, `Bearer a=`, `Bearer a="`,
		`Bearer a="\`, `Bearer a="x" b="`, `Bearer realm="x", error="`, `,Bearer,`, "Bearer \x00\xff=\"\xfe", `Basic realm="x`,
		`Bearer error="a",, ,error_description=`, `a b c d e`, `Bearer realm="x"garbage"y"`,
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("ParseWWWAuthenticate(%q) panicked: %v", s, r)
				}
			}()
			for _, c := range ParseWWWAuthenticate([]string{s}) {
				for k, v := range c.Params {
					if checkSanitized(k) != "" || checkSanitized(v) != "" {
						t.Errorf("ParseWWWAuthenticate(%q): unsanitised param %q=%q", s, k, v)
					}
				}
			}
		}()
	}
}

func FuzzParseWWWAuthenticate(f *testing.F) {
	for _, seed := range []string{`Bearer realm="a", error="b"`, `Basic realm="x", Bearer`, `Negotiate abc==`, `Bearer a="`, `"`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range ParseWWWAuthenticate([]string{s}) {
			if c.Params == nil || checkSanitized(c.Scheme) != "" || checkSanitized(c.Token68) != "" {
				t.Errorf("ParseWWWAuthenticate(%q): challenge %#v", s, c)
			}
			for k, v := range c.Params {
				if checkSanitized(k) != "" || checkSanitized(v) != "" {
					t.Errorf("ParseWWWAuthenticate(%q): unsanitised param %q=%q", s, k, v)
				}
			}
		}
	})
}

func TestBearerChallenge(t *testing.T) {
	cs := ParseWWWAuthenticate([]string{`Basic realm="x", bearer error="invalid_token", Bearer error="second"`})
	c, ok := BearerChallenge(cs)
	if !ok || c.Params["error"] != "invalid_token" {
		t.Errorf("got %#v, %v, want the first Bearer challenge", c, ok)
	}
	if _, ok := BearerChallenge(ParseWWWAuthenticate([]string{`Basic realm="x"`})); ok {
		t.Error("found a Bearer challenge where there is none")
	}
}
