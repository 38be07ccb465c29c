package profiles

import (
	"encoding/json"
	"fmt"
	"regexp"
)

// ClientTemplate describes a vendor's own client-creation API, such as
// WorkfloPlus's "POST /api/client/ with an owner's bearer token; the answer
// holds clientId and a secret shown only once".
type ClientTemplate struct {
	// Method defaults to POST.
	Method string `yaml:"method,omitempty"`
	// URL is the absolute URL of the client-creation endpoint.
	URL string `yaml:"url,omitempty"`
	// BearerToken is a reference to the admin (owner's) token, sent as
	// "Authorization: Bearer <token>".
	BearerToken string `yaml:"bearer_token,omitempty"`
	// Headers are extra request headers; values may be references.
	Headers map[string]string `yaml:"headers,omitempty"`
	// Body is the JSON request body with placeholders, see RenderBody.
	Body string `yaml:"body,omitempty"`
	// ClientIDPath and ClientSecretPath locate the new credentials in the
	// JSON answer, as dotted paths ("client.clientId", "newSecret",
	// "secrets.0.value"); see ExtractPath.
	ClientIDPath     string `yaml:"client_id_path,omitempty"`
	ClientSecretPath string `yaml:"client_secret_path,omitempty"`
	// Permissions are the vendor permissions the new client asks for.
	Permissions []string `yaml:"permissions,omitempty"`
}

// placeholderRE matches a {{name}} placeholder in a client-creation body.
var placeholderRE = regexp.MustCompile(`\{\{\s*([A-Za-z_]+)\s*\}\}`)

// RenderBody fills the body's placeholders and checks the result is JSON.
// {{name}} becomes the client name escaped for use inside a JSON string
// (write "{{name}}" with the quotes); {{scopes}} and {{permissions}} become
// JSON arrays of strings (write them without quotes). An empty Body renders
// as "".
func (c ClientTemplate) RenderBody(name string, scopes, permissions []string) (string, error) {
	if c.Body == "" {
		return "", nil
	}
	quoted, _ := json.Marshal(name)
	values := map[string]string{
		"name":        string(quoted[1 : len(quoted)-1]),
		"scopes":      jsonList(scopes),
		"permissions": jsonList(permissions),
	}
	var unknown []string
	out := placeholderRE.ReplaceAllStringFunc(c.Body, func(m string) string {
		key := placeholderRE.FindStringSubmatch(m)[1]
		v, ok := values[key]
		if !ok {
			unknown = append(unknown, m)
		}
		return v
	})
	if len(unknown) > 0 {
		return "", fmt.Errorf("unknown placeholder %s (known: {{name}}, {{scopes}}, {{permissions}})", unknown[0])
	}
	if !json.Valid([]byte(out)) {
		return "", fmt.Errorf("body is not valid JSON once its placeholders are filled in")
	}
	return out, nil
}

// jsonList encodes list as a JSON array, never null.
func jsonList(list []string) string {
	if list == nil {
		list = []string{}
	}
	b, _ := json.Marshal(list)
	return string(b)
}

// validate adds the template's problems, with keys under client_creation.
func (c ClientTemplate) validate(add func(field, msg string)) {
	if c.URL == "" {
		add("client_creation.url", "is required")
	}
	checkURL(add, "client_creation.url", c.URL)
	if c.Method != "" && !isToken(c.Method) {
		add("client_creation.method", fmt.Sprintf("%q is not an HTTP method", c.Method))
	}
	checkRef(add, "client_creation.bearer_token", c.BearerToken)
	checkHeaders(add, "client_creation.headers", c.Headers)
	if _, err := c.RenderBody("name", []string{"scope"}, []string{"permission"}); err != nil {
		add("client_creation.body", err.Error())
	}
	if c.ClientIDPath == "" {
		add("client_creation.client_id_path", "is required (where the answer holds the new client id)")
	}
	if c.ClientSecretPath == "" {
		add("client_creation.client_secret_path", "is required (where the answer holds the new secret)")
	}
}
