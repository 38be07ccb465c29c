package demo

import (
	"html/template"
	"net/http"
)

// pageTemplate lays out every HTML page of the demo (login, consent,
// device verification): plain forms, no JavaScript, readable in any
// browser and easy to submit from a test.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.Title}} · oauthlens demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32em;margin:2em auto;padding:0 1em}
input{font-size:1.1em;padding:.3em}button{font-size:1.1em;padding:.4em 1.2em;margin-right:.6em}
.code{font:bold 2em monospace;letter-spacing:.1em}.err{color:#b00}.hint{color:#666;font-size:.9em}</style>
</head><body><h1>{{.Title}}</h1>
{{if .Error}}<p class="err">{{.Error}}</p>{{end}}
{{if .Message}}<p>{{.Message}}</p>{{end}}
{{if .Form}}<form method="post" action="{{.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}{{if .AskCode}}<p><label>Code <input name="user_code" value="{{.UserCode}}" autocomplete="off" autofocus></label></p>
{{else if .UserCode}}<p class="code">{{.UserCode}}</p>{{end}}
{{if .Scopes}}<p>{{.Client}} asks for: <b>{{.Scopes}}</b></p>{{end}}
{{if .AskLogin}}<p><label>User <input name="username" value="{{.User}}" autocomplete="username"></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password"></label></p>
<p class="hint">Demo user: alice / demo-password</p>{{end}}
<p><button name="action" value="approve">{{.Approve}}</button>
{{if .Deny}}<button name="action" value="deny">{{.Deny}}</button>{{end}}</p>
</form>{{end}}
</body></html>
`))

// page is what pageTemplate shows.
type page struct {
	Title, Error, Message string
	Form                  bool
	Action                string
	Hidden                map[string]string
	AskCode, AskLogin     bool
	UserCode, User        string
	Client, Scopes        string
	Approve, Deny         string
}

// writePage renders p with the given status. The pages hold codes and
// state: they are never cached and never framed.
func writePage(w http.ResponseWriter, status int, p page) {
	noStore(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http:")
	w.WriteHeader(status)
	_ = pageTemplate.Execute(w, p)
}

// loginOK checks the demo user's credentials.
func loginOK(user, password string) bool {
	return user == UserName && password == UserPassword
}
