package profiles

import "strings"

// OneTime is a value a server shows only once (a new client's secret, an
// RFC 7591 registration access token, a vendor answer that hides the
// secret somewhere else) and where it went.
type OneTime struct {
	Field  string // client_secret, registration_access_token, client_creation_answer
	Suffix string // added to the storage name
	Value  string
	Ref    string // where it is stored; "" when it must be shown once
	Err    error  // why it could not be stored
}

// OneTimeValues lists the values of a client-creation answer to keep:
// the secret, the registration access token, and the whole answer when
// the secret was not where the template said.
func OneTimeValues(secret, regToken string, answer []byte) []OneTime {
	var out []OneTime
	if secret != "" {
		out = append(out, OneTime{Field: "client_secret", Value: secret})
	}
	if regToken != "" {
		out = append(out, OneTime{Field: "registration_access_token", Suffix: "-registration-token", Value: regToken})
	}
	if answer != nil {
		out = append(
			out,
			OneTime{Field: "client_creation_answer", Suffix: "-answer", Value: strings.TrimSpace(string(answer))},
		)
	}
	return out
}

// KeepOneTime stores every value with StoreOneTimeSecret under
// name+Suffix. storeErr, when not nil, is why there is no store (no config
// directory): file storage then fails with it. A value that cannot be
// stored keeps its error, and the caller must show it once.
func KeepOneTime(store Store, storeErr error, choice, name string, vals []OneTime) []OneTime {
	for i := range vals {
		if storeErr != nil && choice == SecretStoreFile {
			vals[i].Err = storeErr
			continue
		}
		vals[i].Ref, vals[i].Err = StoreOneTimeSecret(store, choice, name+vals[i].Suffix, vals[i].Value)
	}
	return vals
}

// SecretName makes a name safe as a secret's file name: letters, digits,
// '-', '_' and '.', no leading dot, at most 80 bytes, "client" if empty.
func SecretName(name string) string {
	safe := strings.TrimLeft(strings.Map(func(r rune) rune {
		if r < 128 &&
			(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '-'
	}, name), ".")
	if safe = safe[:min(len(safe), 80)]; safe == "" {
		return "client"
	}
	return safe
}
