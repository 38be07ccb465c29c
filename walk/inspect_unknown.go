package walk

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
)

// unknown explains text that is none of the expected kinds. It never
// quotes the text: a paste oauthlens cannot read may still hold a secret
// it does not know of (curl -u id:secret, a form body with the client
// secret); it says the size and the shape, and learns the secrets it can
// find for the run's Redactor all the same.
func (in *Inspection) unknown(text string) {
	in.Kind, in.Summary = PasteUnknown, "not a token or an HTTP response"
	in.secrets = append(in.secrets, unknownSecrets(text)...)
	if strings.HasPrefix(text, "<") {
		in.Summary = "an HTML page without its status line"
		in.Problem = "paste the whole response (curl -i, or the devtools' raw response) so that the " +
			"status and headers show which step answered; oauthlens expected " + Expected
		return
	}
	shape, advice := pasteShape(text)
	lines := "1 line"
	if n := strings.Count(text, "\n") + 1; n > 1 {
		lines = fmt.Sprintf("%d lines", n)
	}
	in.Problem = fmt.Sprintf("it is %d bytes on %s and looks like %s%s; oauthlens expected %s",
		len(text), lines, shape, advice, Expected)
}

// pasteShape names what text looks like, and what to paste instead.
func pasteShape(text string) (shape, advice string) {
	first, _, _ := strings.Cut(text, "\n")
	fields := strings.Fields(first)
	switch {
	case len(fields) > 0 && (fields[0] == "curl" || strings.HasSuffix(fields[0], "/curl")):
		return "a curl command (the request, not its answer)", ": run it with -i (or -v) and paste what it prints"
	case isFormBody(text):
		return "a form body (name=value&…), as a request sends it", ": paste the answer it got, or the token"
	case strings.HasPrefix(text, "["):
		return "a JSON array", ""
	case headerLineRe.MatchString(first):
		return "header lines without a status line", ": paste the whole response, its status line first"
	case strings.Contains(text, "\n"):
		return "text of several lines", ""
	case len(fields) > 1:
		return "text with spaces (a token has none)", ""
	}
	return "a string too short or with characters a token has not (RFC 6750 §2.1)", ""
}

// isFormBody reports whether text is one line of name=value pairs.
func isFormBody(text string) bool {
	if strings.ContainsAny(text, " \n") || !strings.Contains(text, "=") {
		return false
	}
	_, err := url.ParseQuery(text)
	return err == nil
}

// unknownSecrets are the secrets in a paste oauthlens cannot read: the
// secret fields of a form body, and of a curl command the -u password,
// the credential headers and the --data fields.
func unknownSecrets(text string) []flows.Secret {
	if isFormBody(strings.TrimSpace(text)) {
		return bodySecrets([]byte(strings.TrimSpace(text)))
	}
	var out []flows.Secret
	args := strings.Fields(strings.NewReplacer("'", " ", `"`, " ", "\\\n", " ").Replace(text))
	for i := range args {
		opt, val := args[i], ""
		if i+1 < len(args) {
			val = args[i+1]
		}
		switch {
		case opt == "-u" || opt == "--user" || strings.HasPrefix(opt, "--user="):
			if strings.HasPrefix(opt, "--user=") {
				val = strings.TrimPrefix(opt, "--user=")
			}
			if _, pw, ok := strings.Cut(val, ":"); ok && pw != "" {
				out = append(out, flows.Secret{Name: "CLIENT_SECRET", Value: pw})
			}
		case opt == "-H" || opt == "--header":
			if val != "" {
				out = append(out, curlHeaderSecrets(args[i+1:])...)
			}
		case strings.HasPrefix(opt, "-d") || strings.HasPrefix(opt, "--data"):
			out = append(out, bodySecrets([]byte(val))...)
		}
	}
	return out
}

// curlHeaderSecrets are the secrets of curl's -H "Name: value" split into
// words: the value is one word, or a scheme and its credentials.
func curlHeaderSecrets(words []string) []flows.Secret {
	name, value, _ := strings.Cut(words[0], ":")
	if !flows.IsSecretHeader(name) {
		return nil
	}
	rest := strings.Fields(value)
	rest = append(rest, words[1:min(3, len(words))]...)
	if len(rest) == 0 {
		return nil
	}
	if len(rest) > 1 && schemeWords[strings.ToLower(rest[0])] {
		return credentialSecrets(name, rest[0]+" "+rest[1])
	}
	return credentialSecrets(name, rest[0])
}

// schemeWords are the HTTP authentication schemes a credential header of
// a pasted command may start with (RFC 9110 §11.1).
var schemeWords = map[string]bool{"basic": true, "bearer": true, "dpop": true, "token": true}
