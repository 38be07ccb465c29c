package demo_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/oauthlens/oauthlens/demo"
)

// A test server for a flow: the issuer is the httptest URL.
func ExampleServer_Handler() {
	ts := httptest.NewServer(demo.New(demo.Config{}).Handler())
	defer ts.Close()

	form := url.Values{"grant_type": {"client_credentials"}, "scope": {"api:read"}}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(demo.ClientID), url.QueryEscape(demo.ClientSecret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Cache-Control"))
	// Output: 200 OK no-store
}

// `oauthlens demo --serve` in a few lines.
func ExampleStart() {
	s, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	fmt.Println(strings.HasPrefix(s.Issuer(), "http://127.0.0.1:"))
	// Output: true
}
