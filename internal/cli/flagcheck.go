package cli

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oauthlens/oauthlens/flows"
)

// checkURLFlags makes every flag of the tree whose value is a `URL`
// (--issuer, --token-url, --jwks, --device-url, …) refuse, as the command
// line is parsed, a value that is not an absolute http(s) URL: a usage
// error (exit 2, one line naming the flag) for every command alike, before
// a profile is read or a request is made. Run it before tidyFlagUsage,
// which removes the `URL` markers.
func checkURLFlags(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if name, _ := pflag.UnquoteUsage(f); name == "URL" {
			f.Value = urlValue{f.Value}
		}
	})
	for _, sub := range cmd.Commands() {
		checkURLFlags(sub)
	}
}

// urlValue is a flag value that takes only an absolute http(s) URL (or
// "", the flag's unset value).
type urlValue struct{ pflag.Value }

// Set implements pflag.Value.
func (u urlValue) Set(v string) error {
	if v != "" {
		if err := flows.CheckAbsoluteURL(v); err != nil {
			return fmt.Errorf("%v, such as https://login.example.com", err)
		}
	}
	return u.Value.Set(v)
}
