package profiles

import (
	"cmp"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v4"
)

// fileHeader is the comment at the top of a profile file oauthlens creates.
const fileHeader = `oauthlens profile %q. Edit freely: oauthlens keeps your comments when it saves.
Secrets are references: env:NAME, file:PATH, cmd:COMMAND or keyring:NAME.`

// encodeProfile renders p as a profile file. When old holds the current
// file, its comments, key order and quoting or flow styles are carried over
// to the keys and list items that are still there.
func encodeProfile(p Profile, old []byte) ([]byte, error) {
	var body yaml.Node
	if err := body.Encode(&p); err != nil {
		return nil, err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{&body}}
	var prev yaml.Node
	if old != nil && yaml.Load(old, &prev, yaml.WithV4Defaults()) == nil &&
		len(prev.Content) > 0 && prev.Content[0].Kind == yaml.MappingNode {
		mergeNode(&prev, doc)
	} else {
		body.HeadComment = fmt.Sprintf(fileHeader, p.Name)
	}
	return yaml.Dump(doc, yaml.WithV4Defaults(), yaml.WithLineWidth(-1), yaml.WithCompactSeqIndent(false))
}

// mergeNode copies old's comments and styles onto nw, then recurses into
// documents, mappings (matching keys) and sequences (matching items).
func mergeNode(old, nw *yaml.Node) {
	nw.HeadComment, nw.LineComment, nw.FootComment = old.HeadComment, old.LineComment, old.FootComment
	if old.Kind != nw.Kind {
		return
	}
	switch nw.Kind {
	case yaml.DocumentNode:
		if len(old.Content) > 0 && len(nw.Content) > 0 {
			mergeNode(old.Content[0], nw.Content[0])
		}
	case yaml.MappingNode:
		nw.Style = old.Style
		mergeMapping(old, nw)
	case yaml.SequenceNode:
		nw.Style = old.Style
		mergeSequence(old, nw)
	case yaml.ScalarNode:
		if old.Value == nw.Value && old.ShortTag() == nw.ShortTag() {
			nw.Style = old.Style
		}
	}
}

// mergeMapping merges the pairs whose keys are in both mappings and puts
// nw's keys in old's order; a new key goes after the key it follows in nw.
func mergeMapping(old, nw *yaml.Node) {
	type pair struct {
		k, v *yaml.Node
		at   int
	}
	pos := map[string]int{}
	for i := 0; i+1 < len(old.Content); i += 2 {
		pos[old.Content[i].Value] = i
	}
	pairs := make([]pair, 0, len(nw.Content)/2)
	prev := -2
	for i := 0; i+1 < len(nw.Content); i += 2 {
		k, v := nw.Content[i], nw.Content[i+1]
		at, ok := pos[k.Value]
		if ok {
			mergeNode(old.Content[at], k)
			mergeNode(old.Content[at+1], v)
			prev = at
		} else {
			at = prev + 1 // between prev (even) and the next old key
		}
		pairs = append(pairs, pair{k, v, at})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(a.at, b.at) })
	nw.Content = nw.Content[:0]
	for _, p := range pairs {
		nw.Content = append(nw.Content, p.k, p.v)
	}
}

// mergeSequence matches scalar items by value and other items by index.
func mergeSequence(old, nw *yaml.Node) {
	used := make([]bool, len(old.Content))
	for i, item := range nw.Content {
		j := matchItem(old.Content, used, item, i)
		if j >= 0 {
			used[j] = true
			mergeNode(old.Content[j], item)
		}
	}
}

// matchItem returns the index of the unused old item that corresponds to
// item at index i, or -1.
func matchItem(old []*yaml.Node, used []bool, item *yaml.Node, i int) int {
	if item.Kind == yaml.ScalarNode {
		for j, o := range old {
			if !used[j] && o.Kind == yaml.ScalarNode && o.Value == item.Value {
				return j
			}
		}
		return -1
	}
	if i < len(old) && !used[i] && old[i].Kind == item.Kind {
		return i
	}
	return -1
}
