package flows

import (
	"bytes"
	"encoding/json"
	"strings"
)

// capLines is a body as at most max lines to diff: JSON pretty-printed as
// json.Indent does (two spaces), other text split at line ends. Only the
// lines kept are made: a 1 MB body costs one scan, not a pretty copy.
// more reports that lines were left out.
func capLines(body []byte, max int) (lines []string, more bool) {
	if json.Valid(body) {
		return prettyLines(body, max)
	}
	text := strings.TrimRight(string(body), "\n")
	for len(lines) < max {
		line, rest, found := strings.Cut(text, "\n")
		lines = append(lines, line)
		if !found {
			return lines, false
		}
		text = rest
	}
	return lines, true
}

// prettyLines pretty-prints valid JSON line by line and stops after max
// lines.
func prettyLines(b []byte, max int) (lines []string, more bool) {
	p := pretty{max: max}
	for i := 0; i < len(b) && !p.full(); i++ {
		switch c := b[i]; c {
		case ' ', '\t', '\n', '\r':
		case '"':
			end := stringEnd(b, i)
			p.line.Write(b[i:end])
			i = end - 1
		case '{', '[':
			p.line.WriteByte(c)
			if j := skipSpace(b, i+1); j < len(b) && (b[j] == '}' || b[j] == ']') {
				p.line.WriteByte(b[j]) // {} and [] stay on their line
				i = j
				continue
			}
			p.depth++
			p.newline()
		case '}', ']':
			p.depth--
			p.newline()
			p.line.WriteByte(c)
		case ',':
			p.line.WriteByte(c)
			p.newline()
		case ':':
			p.line.WriteString(": ")
		default:
			p.line.WriteByte(c)
		}
	}
	if p.full() {
		return p.lines, true
	}
	return append(p.lines, p.line.String()), false
}

// pretty is the state of prettyLines.
type pretty struct {
	lines []string
	line  bytes.Buffer
	depth int
	max   int
}

func (p *pretty) full() bool { return len(p.lines) >= p.max }

// newline ends the line and indents the next.
func (p *pretty) newline() {
	p.lines = append(p.lines, p.line.String())
	p.line.Reset()
	p.line.WriteString(strings.Repeat("  ", p.depth))
}

// stringEnd is the index after the JSON string that starts at i.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
