package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
)

var oneLineReplacer = strings.NewReplacer("\n", " ", "\t", " ", "\r", " ")

// clean makes server text safe to draw and folds it onto one line.
func clean(s string) string {
	return oneLineReplacer.Replace(flows.Sanitize(s))
}

// cleanBlock makes server text safe to draw, keeping its lines; tabs
// become spaces so that widths add up.
func cleanBlock(s string) string {
	return strings.ReplaceAll(flows.Sanitize(s), "\t", "    ")
}

// truncate cuts s (which may be styled) to w cells.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if len(s) <= w || ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// wrapLines wraps every line of s to w cells, breaking words when needed.
func wrapLines(s string, w int) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		out = append(out, wrapLine(line, w)...)
	}
	return out
}

// wrapLine wraps prose at spaces, never inside a word that fits. A URL,
// kid or token wider than the line is cut with "…" rather than split, so
// that no terminal opens half a URL and no identifier reads as two (the
// exchange pane, r, has it whole); a file path, which the person needs
// whole, is broken after its slashes (breakLong).
func wrapLine(line string, w int) []string {
	if w <= 0 || len(line) <= w || ansi.StringWidth(line) <= w {
		return []string{line}
	}
	words := strings.Split(line, " ")
	for i, word := range words {
		if ansi.StringWidth(word) > w && (strings.Contains(word, "://") || !strings.Contains(word, "/")) {
			words[i] = ansi.Truncate(word, w, "…")
		}
	}
	line = preBreakLong(strings.Join(words, " "), w)
	return fitWidth(unholdHyphens(strings.Split(ansi.Wrap(holdHyphens(line, w), w, ""), "\n")), w)
}

// nbHyphen stands in for "-" while wrapping: ansi.Wrap breaks after a
// hyphen, which splits kids and UUIDs that would fit on a line of their
// own. A word wider than the line keeps its hyphens, the best places to
// break it.
const nbHyphen = "\u2011"

// holdHyphens replaces the hyphens of the words of s that fit in w.
// fitWidth breaks any line still wider than w at w: ansi.Wrap lets a
// line ending in a breakpoint (a comma) run one cell over.
func fitWidth(lines []string, w int) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			out = append(out, breakLong(l, w)...)
			continue
		}
		out = append(out, l)
	}
	return out
}

func holdHyphens(s string, w int) string {
	lines := strings.Split(s, "\n") // the pieces of a long word (preBreakLong) are held each
	for j, line := range lines {
		words := strings.Split(line, " ")
		for i, word := range words {
			if ansi.StringWidth(word) <= w {
				words[i] = strings.ReplaceAll(word, "-", nbHyphen)
			}
		}
		lines[j] = strings.Join(words, " ")
	}
	return strings.Join(lines, "\n")
}

func unholdHyphens(lines []string) []string {
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, nbHyphen, "-")
	}
	return lines
}

// rawBreaks are where raw HTTP text may wrap besides spaces: after the
// delimiters of a form body and of header lists.
const rawBreaks = "&,;"

// hardwrapLine wraps raw HTTP text at spaces and after &, , and ;, so
// that no word, mask, kid or URL is split; only a word wider than the
// whole line is broken, at w, so that every byte stays on show.
func hardwrapLine(line string, w int) []string {
	if w <= 0 || len(line) <= w || ansi.StringWidth(line) <= w {
		return []string{line}
	}
	wrapped := ansi.Wrap(holdHyphens(preBreakLong(line, w), w), w, rawBreaks)
	return linkSplitURLs(line, fitWidth(unholdHyphens(strings.Split(wrapped, "\n")), w))
}

// fit cuts a block to at most h lines of at most w cells.
func fit(lines []string, w, h int) string {
	if len(lines) > h {
		lines = lines[:h]
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = truncate(l, w)
	}
	return strings.Join(out, "\n")
}

// kv renders "key  value" with the key padded to kw cells.
func kv(st styles, k string, kw int, v string) string {
	pad := max(0, kw-ansi.StringWidth(k))
	return st.text.key.Render(k) + strings.Repeat(" ", pad+1) + v
}

// plural picks the singular or plural form.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
