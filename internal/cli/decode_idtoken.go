package cli

import (
	"fmt"
	"io"

	"github.com/oauthlens/oauthlens/flows"
)

// registerIDToken adds the flags that check a token as an ID token.
func (f *decodeFlags) registerIDToken(fs *cmdFlags) {
	fs.StringVar(&f.clientID, "client-id", "", "check the token as an ID token for the client `ID` "+
		"(OIDC Core §3.1.3.7: aud, azp, nonce, times; with --issuer or --jwks the signature and iss too)")
	fs.StringVar(&f.nonce, "nonce", "", "with --client-id, the `NONCE` the authorization request sent")
}

// checkIDToken runs the ID token checks when --client-id was given.
func (r *decodeResult) checkIDToken(f decodeFlags) {
	if f.clientID == "" {
		return
	}
	r.idRows = flows.CheckIDToken(r.jwt.Raw, r.jwks, flows.IDTokenExpect{Issuer: r.issuer, ClientID: f.clientID,
		Nonce: f.nonce, Now: r.now})
}

// printIDRows writes the ID token checks, one row each.
func (r *decodeResult) printIDRows(w io.Writer) {
	if len(r.idRows) == 0 {
		return
	}
	fmt.Fprintln(w, "\nID token checks (OIDC Core §3.1.3.7)")
	for _, row := range r.idRows {
		fmt.Fprintf(w, "  %-4s %-10s %s (%s)\n", row.Status, row.Name, flows.SanitizeLine(row.Detail), row.Refs)
	}
}

// idRowsJSON adds "id_token_checks" to the --json output when they ran.
func (r *decodeResult) idRowsJSON(out map[string]any) {
	if len(r.idRows) == 0 {
		return
	}
	rows := []map[string]string{}
	for _, row := range r.idRows {
		rows = append(rows, map[string]string{"check": row.Name, "status": string(row.Status),
			"detail": flows.SanitizeLine(row.Detail), "refs": row.Refs})
	}
	out["id_token_checks"] = rows
}
