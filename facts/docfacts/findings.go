package docfacts

import (
	"strings"

	"github.com/ecslint/ecslint/parser"
)

// ImagesOf returns the image strings a finding at path in d is about (the
// container, stage or COPY --from source it points into): as written and,
// when it resolves, normalized (docker.io/library/nginx:1.27). Config
// ignore entries with an image match on them.
func (w *Workspace) ImagesOf(d *parser.Document, path []any) []string {
	raw := findingImage(d, path)
	if raw == "" {
		return nil
	}
	out := []string{raw}
	if img := w.image(raw); img.Resolved && img.Registry != "" {
		n := img.Registry + "/" + img.Repository
		if img.Tag != "" {
			n += ":" + img.Tag
		}
		if img.Digest != "" {
			n += "@" + img.Digest
		}
		out = append(out, n)
	}
	return out
}

// findingImage is the image of the container, stage or COPY --from source
// a finding points into, or "".
func findingImage(d *parser.Document, path []any) string {
	if d == nil || len(path) < 2 {
		return ""
	}
	var obj any
	switch {
	case d.Kind == parser.KindTaskDef && len(path) >= 3 && path[0] == "taskDefinition" && path[1] == "containerDefinitions":
		i, ok := path[2].(int)
		list := containers(d)
		if !ok || i < 0 || i >= len(list) {
			return ""
		}
		img, _ := text(list[i], "image")
		if img == "" {
			img, _ = text(list[i], "from")
		}
		return strings.TrimSpace(img)
	case d.Kind == parser.KindDockerfile && (path[0] == "stages" || path[0] == "copyFrom"):
		obj = lookup(d.Body, path[:2])
	case d.Kind == parser.KindDockerfile && path[0] == "syntax":
		obj = lookup(d.Body, path[:1])
	}
	m, _ := obj.(map[string]any)
	img, _ := m["image"].(string)
	if img == "" {
		img, _ = m["from"].(string)
	}
	return strings.TrimSpace(img)
}
