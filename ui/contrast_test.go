package ui

import (
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"
)

// luminance is the WCAG 2.x relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Bug 8: the footer's key hints (and the rest of the help) meet WCAG AA
// (4.5:1) on dark and light backgrounds.
func TestHelpContrast_WCAGAA(t *testing.T) {
	for _, bg := range []struct {
		name   string
		isDark bool
		colors []string
	}{{"dark", true, []string{"#000000", "#1E1E1E", "#282C34"}}, {"light", false, []string{"#FFFFFF", "#F5F5F5"}}} {
		st := newStyles(bg.isDark, false).help
		parts := map[string]lipgloss.Style{"short key": st.ShortKey, "short desc": st.ShortDesc,
			"short separator": st.ShortSeparator, "full key": st.FullKey, "full desc": st.FullDesc,
			"full separator": st.FullSeparator, "ellipsis": st.Ellipsis}
		for name, s := range parts {
			fg := s.GetForeground()
			if _, none := fg.(lipgloss.NoColor); none || fg == nil {
				t.Errorf("%s: %s has no colour of its own", bg.name, name)
				continue
			}
			for _, hex := range bg.colors {
				if r := contrast(fg, lipgloss.Color(hex)); r < 4.5 {
					t.Errorf("%s %s on %s: contrast %.1f:1, want ≥ 4.5:1", bg.name, name, hex, r)
				}
			}
		}
	}
}
