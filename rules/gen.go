//go:build ignore

// gen.go writes the rule documentation: go generate ./rules.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ecslint/ecslint/internal/ruledocs"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/rules"
)

func main() {
	if err := generate(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generate() error {
	eng, err := rego.Load(context.Background(), rego.Source{FS: rules.FS, Root: "."})
	if err != nil {
		return err
	}
	for _, r := range eng.Rules() {
		ex, err := ruledocs.Examples(rules.FS, r)
		if err != nil {
			return err
		}
		p := filepath.Join(r.Kind, r.Name, "README.md")
		if err := os.WriteFile(p, []byte(ruledocs.Markdown(r, ex)), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile("README.md", []byte(ruledocs.Index(eng.Rules())), 0o644)
}
