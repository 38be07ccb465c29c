package walk

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// jsonObject decodes a JSON object; false when body is not one.
func jsonObject(body []byte, into *map[string]any) bool {
	return json.Unmarshal(body, into) == nil
}

// bodySecrets are the secret values of a pasted body: the members (of a
// JSON object, one level of nesting included) or form fields that always
// hold a secret (access_token, refresh_token, id_token, client_secret,
// …; flows.IsSecretField).
func bodySecrets(body []byte) []flows.Secret {
	var out []flows.Secret
	m := map[string]any{}
	if jsonObject(body, &m) {
		collectSecrets(m, 2, &out)
		return out
	}
	form, err := url.ParseQuery(strings.TrimSpace(string(body)))
	if err != nil {
		return nil
	}
	for k, vs := range form {
		for _, v := range vs {
			if flows.IsSecretField(k) && v != "" {
				out = append(out, flows.Secret{Name: flows.EnvName(k), Value: v})
			}
		}
	}
	return out
}

// collectSecrets walks a decoded JSON object depth levels down.
func collectSecrets(m map[string]any, depth int, out *[]flows.Secret) {
	for k, v := range m {
		switch x := v.(type) {
		case string:
			if flows.IsSecretField(k) && x != "" {
				*out = append(*out, flows.Secret{Name: flows.EnvName(k), Value: x})
			}
		case map[string]any:
			if depth > 1 {
				collectSecrets(x, depth-1, out)
			}
		}
	}
}
