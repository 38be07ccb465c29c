// Package formbrowser is a small browser for tests: it keeps cookies,
// follows redirects, reads the HTML forms of login, consent and device
// verification pages (plain forms, no JavaScript) and submits them. It
// stops following redirects at a loopback redirect listener's URL so that
// tests can hand the redirect to the listener or inspect it.
package formbrowser

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
)

// Browser is a cookie-keeping HTTP client that submits forms.
type Browser struct {
	hc *http.Client
}

// Page is a page the browser is on: its final URL, status and body.
type Page struct {
	URL    *url.URL
	Status int
	Body   string
}

// New returns a browser. stopAt, when set, is a URL prefix whose
// redirects are not followed but returned as the page's URL (Status 302).
func New(stopAt string) *Browser {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("too many redirects")
		}
		if stopAt != "" && strings.HasPrefix(req.URL.String(), stopAt) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	return &Browser{hc: hc}
}

// Get opens u.
func (b *Browser) Get(u string) (Page, error) {
	resp, err := b.hc.Get(u)
	if err != nil {
		return Page{}, err
	}
	return read(resp)
}

func read(resp *http.Response) (Page, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	p := Page{URL: resp.Request.URL, Status: resp.StatusCode, Body: string(body)}
	if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode/100 == 3 {
		if u, err := resp.Request.URL.Parse(loc); err == nil {
			p.URL = u
		}
	}
	return p, err
}

// Form is one form of a page.
type Form struct {
	Action string
	Method string
	Fields url.Values // every named input with its value (hidden ones included)
	Inner  string
}

var (
	formRe  = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRe = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	attrRe  = regexp.MustCompile(`(?is)([a-z-]+)\s*=\s*("([^"]*)"|'([^']*)')`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		v := a[3]
		if a[4] != "" {
			v = a[4]
		}
		m[strings.ToLower(a[1])] = html.UnescapeString(v)
	}
	return m
}

// Forms returns the page's forms.
func (p Page) Forms() []Form {
	var out []Form
	for _, f := range formRe.FindAllStringSubmatch(p.Body, -1) {
		a := attrs(f[1])
		form := Form{Action: a["action"], Method: strings.ToUpper(a["method"]), Fields: url.Values{}, Inner: f[2]}
		for _, in := range inputRe.FindAllStringSubmatch(f[2], -1) {
			ia := attrs(in[1])
			if ia["name"] != "" {
				form.Fields.Set(ia["name"], ia["value"])
			}
		}
		out = append(out, form)
	}
	return out
}

// Submit fills the first form of the page that has every field of set (or
// the first form when set is empty) and submits it with a POST.
func (b *Browser) Submit(p Page, set url.Values) (Page, error) {
	for _, f := range p.Forms() {
		if !hasFields(f, set) {
			continue
		}
		for k, v := range set {
			f.Fields[k] = v
		}
		target, err := p.URL.Parse(f.Action)
		if err != nil {
			return Page{}, err
		}
		resp, err := b.hc.PostForm(target.String(), f.Fields)
		if err != nil {
			return Page{}, err
		}
		return read(resp)
	}
	return Page{}, fmt.Errorf("no form on %s has the fields %v:\n%s", p.URL, keys(set), p.Body)
}

// hasFields reports whether the form has an input (or a button) for every
// key of set.
func hasFields(f Form, set url.Values) bool {
	for k := range set {
		if _, ok := f.Fields[k]; !ok && !strings.Contains(f.Inner, `name="`+k+`"`) {
			return false
		}
	}
	return true
}

func keys(v url.Values) []string {
	var out []string
	for k := range v {
		out = append(out, k)
	}
	return out
}
