package cli

import (
	"cmp"
	"fmt"
	"os"
	"strings"

	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// unfilled refuses a plan that still holds a template placeholder
// ("YOUR-CLIENT-ID", "https://YOUR-TENANT…": profiles.Profile.Placeholders,
// the one definition, which the TUI's picker shows as "fill in …"), before
// anything is sent: a configuration error (exit 2) naming the fields and
// the command that edits them. Flags given over the profile count: a
// field they fill is not reported.
func (env *cliEnv) unfilled(pl walk.Plan, prof *profiles.Profile) error {
	var base profiles.Profile
	if prof != nil {
		base = *prof
	}
	ph := pl.ToProfile(base).Placeholders()
	if len(ph) == 0 {
		return nil
	}
	fields, hold := strings.Join(ph, ", "), "hold"
	if len(ph) == 1 {
		hold = "holds"
	}
	if prof == nil {
		return usagef("%s still %s a template placeholder (YOUR-…): give the real value", fields, hold)
	}
	edit := "oauthlens profiles show " + prof.Name + " (then edit the profile file)"
	if st, err := profiles.DefaultStore(); err == nil {
		edit = cmp.Or(os.Getenv("EDITOR"), "vi") + " " + st.Path(prof.Name)
	}
	return &configError{fmt.Sprintf("profile %s is not filled in: %s still %s a template placeholder (YOUR-…); "+
		"nothing was sent. Fill in the real values: %s", prof.Name, fields, hold, edit)}
}
