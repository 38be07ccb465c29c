package ui

import (
	"slices"

	"github.com/oauthlens/oauthlens/walk"
)

// inspectCache holds the inspector's lines, built once per key, as the
// exchange pane caches its own: a pasted 1 MB response costs its
// formatting and masking once, not on every frame or key. It is a pointer
// in inspectState, so that View, which draws on a copy of the model, fills
// it for the frames after.
type inspectCache struct {
	key   inspectCacheKey
	lines []string
}

// inspectCacheKey is everything the inspector's lines depend on.
type inspectCacheKey struct {
	in             *walk.Inspection // a new inspection, or an answer about it, is a new pointer
	width, secrets int              // secrets: the Redactor's size; a secret learnt masks more
	reveal, isDark bool
	noColor        bool
	busy           string
	second         int64 // the clock, when times are shown ("expires in 3 minutes")
}

// inspectCachedLines are inspectLines(w), from the cache when nothing
// they depend on changed. The slice is shared: callers never change it.
func (m *Model) inspectCachedLines(w int) []string {
	c, in := m.inspect.cache, m.inspect.in
	if c == nil || in == nil {
		return m.inspectLines(w)
	}
	k := inspectCacheKey{in: in, width: w, secrets: m.c.redactor.Size(), reveal: m.c.reveal, isDark: m.c.isDark,
		noColor: m.c.noColor, busy: m.inspect.busy}
	if in.JWT != nil || in.Introspection != nil {
		k.second = m.c.now().Unix()
	}
	if c.lines == nil || c.key != k {
		c.key, c.lines = k, m.inspectLines(w)
	}
	return c.lines
}

// inspectWindow is the h lines of lines from off, the last one saying
// how many more follow when they do not all fit; a new slice, so that the
// cached lines stay as they are.
func inspectWindow(m *Model, lines []string, off, h int) []string {
	off = min(off, max(0, len(lines)-h))
	vis := slices.Clone(lines[off:min(len(lines), off+h)])
	if more := len(lines) - off - h + 1; more > 1 && h > 1 {
		vis[h-1] = m.c.styles.text.dim.Render(fmtMore(more))
	}
	return vis
}
