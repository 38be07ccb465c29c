package ui

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// longBreaks are where a word wider than the whole line is broken: after
// the delimiters of URLs, paths, form fields and JWTs, so that the pieces
// are the URL's own parts (a host, a path segment, a query parameter, a
// JWT's header, payload or signature) rather than arbitrary cuts.
const longBreaks = "/?&=.,;:-+"

// breakTiers are the places to break a long word, best first: a field
// delimiter, then a path or query separator, then any of longBreaks.
var breakTiers = []string{rawBreaks, "/?", longBreaks}

// breakLong breaks a line (which may be styled) that is wider than w into
// lines of at most w cells: at the best place of breakTiers (lastBreak),
// else at w. Every character stays on show, in order.
func breakLong(l string, w int) []string {
	var out []string
	for ansi.StringWidth(l) > w {
		plain, cut := ansi.Strip(l), 0
		for _, breaks := range breakTiers {
			if cut = lastBreak(plain, w, breaks); cut > 0 {
				break
			}
		}
		if cut == 0 {
			cut = min(w, ansi.StringWidth(plain)) // no delimiter: at w
		}
		piece := ansi.Cut(l, 0, cut)
		if ansi.StringWidth(piece) == 0 {
			break // a character wider than the line: left whole
		}
		out = append(out, piece)
		if strings.HasPrefix(ansi.Strip(ansi.Cut(l, cut, cut+1)), " ") {
			cut++ // the space the line breaks at, as wrapping drops it
		}
		l = ansi.Cut(l, cut, ansi.StringWidth(l))
	}
	return append(out, l)
}

// preBreakLong breaks each space-separated word of line wider than w
// with breakLong, joining the pieces with newlines, which ansi.Wrap keeps:
// left to itself it would cut such a word at w, inside a parameter name.
func preBreakLong(line string, w int) string {
	words := strings.Split(line, " ")
	for i, word := range words {
		if ansi.StringWidth(word) > w {
			words[i] = strings.Join(breakLong(word, w), "\n")
		}
	}
	return strings.Join(words, " ")
}

// lastBreak is the cell after the last of breaks in the first w cells of
// plain text, or 0. A field delimiter (rawBreaks) is always a good place;
// inside a value (longBreaks, and before a percent-escape such as "%3A")
// only one that leaves at least a third of the line filled.
func lastBreak(plain string, w int, breaks string) int {
	cells, cut := 0, 0
	for _, r := range plain {
		if r == '%' && breaks == longBreaks && cells >= w/3 {
			cut = cells
		}
		cw := ansi.StringWidth(string(r))
		if cells+cw > w {
			break
		}
		cells += cw
		if strings.ContainsRune(breaks, r) && (cells >= w/3 || breaks == rawBreaks) {
			cut = cells
		}
	}
	return cut
}

// urlPattern finds URLs in raw HTTP text: a Location or Link header, a
// resource_metadata or error_uri parameter, a JSON member.
var urlPattern = regexp.MustCompile(`https?://[^\s"'<>\\]+`)

// linkSplitURLs makes every piece of a URL that wrapping split across
// lines a terminal hyperlink (OSC 8) to the whole URL, so that a terminal
// opens the URL, not the half that was clicked. line is the text before
// wrapping and lines the wrapped result; URLs that stayed on one line are
// left as they are. If the pieces cannot be matched to the text, lines
// come back unchanged.
func linkSplitURLs(line string, lines []string) []string {
	if len(lines) < 2 || !strings.Contains(line, "://") {
		return lines
	}
	plain := ansi.Strip(line)
	spans := urlPattern.FindAllStringIndex(plain, -1)
	starts := make([]int, len(lines))
	pos := 0
	for i, l := range lines {
		piece := ansi.Strip(l)
		skip := len(plain[pos:]) - len(strings.TrimLeft(plain[pos:], " "))
		if !strings.HasPrefix(plain[pos+skip:], piece) {
			return lines
		}
		starts[i] = pos + skip
		pos += skip + len(piece)
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l
		start, end := starts[i], starts[i]+len(ansi.Strip(l))
		for j := len(spans) - 1; j >= 0; j-- { // from the right: earlier cells keep their places
			a, b := spans[j][0], spans[j][1]
			if b <= start || a >= end || (a >= start && b <= end) {
				continue // not in this piece, or whole in it
			}
			from := ansi.StringWidth(plain[start:max(a, start)])
			to := ansi.StringWidth(plain[start:min(b, end)])
			out[i] = linkCells(out[i], from, to, plain[a:b])
		}
	}
	return out
}

// linkCells makes cells [from, to) of a styled line a hyperlink to url.
func linkCells(l string, from, to int, url string) string {
	w := ansi.StringWidth(l)
	return ansi.Cut(l, 0, from) + hyperlink(url) + ansi.Cut(l, from, to) + hyperlink("") + ansi.Cut(l, to, w)
}

// hyperlink starts an OSC 8 hyperlink to url, or ends one (""). It ends
// with ST rather than the BEL of ansi.SetHyperlink: no BEL of ours can then
// be mistaken for one a server sent (the view is checked for BEL).
func hyperlink(url string) string { return "\x1b]8;;" + url + "\x1b\\" }
