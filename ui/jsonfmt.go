package ui

import (
	"bytes"
	"encoding/json"
	"strings"
)

// splitHTTP splits rendered HTTP text at the blank line after the headers.
func splitHTTP(raw string) (head, body string) {
	head, body, _ = strings.Cut(raw, "\n\n")
	return strings.TrimRight(head, "\n"), body
}

// styleHeaderLine colours the name of a "Name: value" line.
func styleHeaderLine(st styles, l string) string {
	name, value, ok := strings.Cut(l, ": ")
	if !ok || strings.HasPrefix(l, "#") {
		return st.text.dim.Render(l)
	}
	return st.http.header.Render(name+":") + " " + value
}

// bodyLines renders a body: JSON pretty-printed and coloured, anything else
// as it is; every line fits w cells. With limit > 0 only the first limit
// source lines are rendered and more says how many were left out.
func bodyLines(st styles, body string, w, limit int) (lines []string, more int) {
	return previewBodyLines(st, body, w, limit, false)
}

// previewBodyLines is bodyLines for a body that may have been cut (at
// previewBytes): a cut JSON text is still pretty-printed, up to the limit.
func previewBodyLines(st styles, body string, w, limit int, cut bool) (lines []string, more int) {
	body = strings.TrimRight(body, "\n")
	if body == "" {
		return []string{st.text.dim.Render("(empty)")}, 0
	}
	color := func(l string) string { return l }
	if pretty, ok := prettyJSON(body); ok {
		body, color = pretty, func(l string) string { return colorJSONLine(st, l) }
	} else if t := strings.TrimSpace(body); cut && limit > 0 && t != "" && (t[0] == '{' || t[0] == '[') {
		body, color = indentPrefix(t, limit), func(l string) string { return colorJSONLine(st, l) }
	} else {
		body = strings.ReplaceAll(body, "\t", "    ")
	}
	src := strings.Split(body, "\n")
	if limit > 0 && len(src) > limit {
		src, more = src[:limit], len(src)-limit
	}
	lines = make([]string, 0, len(src))
	for _, l := range src {
		if len(l) <= w { // bytes ≥ cells: it fits, no need to measure
			lines = append(lines, color(l))
			continue
		}
		lines = append(lines, hardwrapLine(color(l), w)...)
	}
	return lines, more
}

// prettyJSON indents a JSON object or array; ok is false for anything else
// (including a body cut at the size cap).
func prettyJSON(body string) (string, bool) {
	t := strings.TrimSpace(body)
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return "", false
	}
	var buf bytes.Buffer
	buf.Grow(len(t) + len(t)/4)
	if err := json.Indent(&buf, []byte(t), "", "  "); err != nil {
		return "", false
	}
	return buf.String(), true
}

// colorJSONLine colours one line of indented JSON. Lines of json.Indent
// output are lexically whole (strings never span lines), so each line is
// coloured on its own.
func colorJSONLine(st styles, l string) string {
	j := st.json
	if j.key.pre == "" && j.punct.pre == "" {
		return l
	}
	var b strings.Builder
	b.Grow(len(l) + 32)
	for i := 0; i < len(l); {
		c := l[i]
		switch {
		case c == '"':
			end := stringEnd(l, i)
			p := j.str
			if rest := strings.TrimLeft(l[end:], " "); strings.HasPrefix(rest, ":") {
				p = j.key
			}
			b.WriteString(p.wrap(l[i:end]))
			i = end
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':':
			b.WriteString(j.punct.wrap(l[i : i+1]))
			i++
		case c == ' ':
			b.WriteByte(c)
			i++
		default:
			end := literalEnd(l, i)
			p := j.num
			if c == 't' || c == 'f' || c == 'n' {
				p = j.lit
			}
			b.WriteString(p.wrap(l[i:end]))
			i = max(end, i+1)
		}
	}
	return b.String()
}

// stringEnd returns the index after the JSON string starting at i.
func stringEnd(l string, i int) int {
	for k := i + 1; k < len(l); k++ {
		switch l[k] {
		case '\\':
			k++
		case '"':
			return k + 1
		}
	}
	return len(l)
}

// literalEnd returns the index after a number, true, false or null.
func literalEnd(l string, i int) int {
	k := i
	for k < len(l) && !strings.ContainsRune(" ,:{}[]\"", rune(l[k])) {
		k++
	}
	return k
}
