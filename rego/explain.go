package rego

import (
	"fmt"
	"strings"
)

// Explain renders a rule's documentation as plain text, from its metadata.
func Explain(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Severity: %s\nApplies to: %s\n\n", r.Severity, r.Kind)
	fmt.Fprintf(&b, "%s\n\n", wrap(r.Description, 76))
	fmt.Fprintf(&b, "How to fix:\n%s\n\n", wrap(r.Remediation, 76))
	b.WriteString("More:\n")
	for _, l := range r.Related {
		if l.Description != "" {
			fmt.Fprintf(&b, "  - %s: %s\n", l.Description, l.URL)
		} else {
			fmt.Fprintf(&b, "  - %s\n", l.URL)
		}
	}
	fmt.Fprintf(&b, "  - Rule documentation: %s\n", r.HelpURI)
	return b.String()
}

// wrap folds text at width columns on spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		if i > 0 {
			if n+1+len(w) > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
