package iam

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/ecslint/ecslint/parser/jsonpos"
)

// managedFS holds the snapshot of AWS managed policies: one file per
// policy, with the version and the date it was copied from its source page.
//
//go:embed managed/*.json
var managedFS embed.FS

// ManagedPolicy is one policy of the embedded snapshot.
type ManagedPolicy struct {
	Name      string `json:"name"`
	ARN       string `json:"arn"`
	Version   string `json:"version"`
	Retrieved string `json:"retrieved"` // YYYY-MM-DD
	Source    string `json:"source"`    // the AWS reference page it was copied from
	Policy    *Policy
}

// Managed parses the embedded snapshot, sorted by name. The files are part
// of the binary and tested, so a parse failure is a build defect: it panics.
func Managed() []ManagedPolicy {
	entries, err := fs.Glob(managedFS, "managed/*.json")
	if err != nil {
		panic(err)
	}
	out := make([]ManagedPolicy, 0, len(entries))
	for _, name := range entries {
		b, err := managedFS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		m, err := parseManaged(path.Base(name), b)
		if err != nil {
			panic(err)
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func parseManaged(file string, b []byte) (ManagedPolicy, error) {
	var m ManagedPolicy
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", file, err)
	}
	root, err := jsonpos.Decode(file, b)
	if err != nil {
		return m, err
	}
	doc := root.Get("document")
	if doc == nil {
		return m, fmt.Errorf("%s: no document", file)
	}
	sts, err := statements(file, doc)
	if err != nil {
		return m, err
	}
	if m.Name == "" || m.ARN == "" || m.Version == "" || m.Retrieved == "" || m.Source == "" {
		return m, fmt.Errorf("%s: name, arn, version, retrieved and source are required", file)
	}
	m.Policy = &Policy{Name: m.Name, ARN: m.ARN, Source: m.Source + " (" + m.Version + ", " + m.Retrieved + ")", Statements: sts}
	return m, nil
}
