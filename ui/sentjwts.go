package ui

import "github.com/oauthlens/oauthlens/flows"

// sentJWTLines shows the JWTs a request carried (client assertion, DPoP
// proof, …) decoded, after the raw request: header and claims, never the
// signature.
func sentJWTLines(st styles, ex flows.Exchange, w int) []string {
	var out []string
	for _, s := range ex.SentJWTs() {
		out = append(out, "")
		for i, l := range s.Lines() {
			if i == 0 {
				out = append(out, hardwrapLine(st.http.section.Render(l), w)...)
				continue
			}
			out = append(out, hardwrapLineAll(st.text.dim.Render(l), w)...)
		}
	}
	return out
}
