package walk

import (
	"reflect"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

func TestParseCurl(t *testing.T) {
	const u = "https://as.example/token"
	tests := []struct {
		name string
		in   string
		want CurlImport
		err  bool
	}{
		{"-u", "curl -u id:s3cret-value -d grant_type=client_credentials " + u,
			CurlImport{TokenURL: u, ClientID: "id", ClientSecret: "s3cret-value", AuthMethod: flows.AuthBasic,
				GrantType: "client_credentials"}, false},
		{"basic header", "curl -X POST '" + u + "' -H 'Authorization: Basic aWQ6czNjcmV0LXZhbHVl' " +
			"-H 'Accept: application/json' -d 'grant_type=client_credentials&scope=api%3Aread%20api%3Awrite'",
			CurlImport{TokenURL: u, ClientID: "id", ClientSecret: "s3cret-value", AuthMethod: flows.AuthBasic,
				GrantType: "client_credentials", Scopes: []string{"api:read", "api:write"},
				Headers: []string{"Accept: application/json"}}, false},
		{"post, urlencode, line ends", "curl " + u + " \\\n  --data-urlencode client_id=id \\\n" +
			"  --data-urlencode \"client_secret=a&b=c\" --data grant_type=client_credentials --data audience=x",
			CurlImport{TokenURL: u, ClientID: "id", ClientSecret: "a&b=c", AuthMethod: flows.AuthPost,
				GrantType: "client_credentials", Audience: "x"}, false},
		{"--user=", "curl --user=id:pw " + u,
			CurlImport{TokenURL: u, ClientID: "id", ClientSecret: "pw", AuthMethod: flows.AuthBasic}, false},
		{"not curl", "wget " + u, CurlImport{}, true},
		{"no URL", "curl -u a:b", CurlImport{}, true},
		{"open quote", "curl '" + u, CurlImport{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCurl(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("err %v, want error %v", err, tt.err)
			}
			if !tt.err && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
