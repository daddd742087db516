package rego

import (
	"context"

	"github.com/ecslint/ecslint/report"
)

// Evaluate evaluates every input, in order, as the lint pass does one by
// one, and returns the findings in input order, each input's error (nil
// when it was evaluated in full), and the notices.
func (e *Engine) Evaluate(ctx context.Context, inputs []Input) ([]report.Finding, []error, []report.Notice) {
	var out []report.Finding
	var ns []report.Notice
	errs := make([]error, len(inputs))
	for i, in := range inputs {
		var found []report.Finding
		var notices []report.Notice
		found, notices, errs[i] = e.EvaluateOne(ctx, in)
		out = append(out, found...)
		ns = append(ns, notices...)
	}
	return out, errs, ns
}

// Eval is Evaluate without the notices.
func (e *Engine) Eval(ctx context.Context, inputs []Input) ([]report.Finding, []error) {
	findings, errs, _ := e.Evaluate(ctx, inputs)
	return findings, errs
}
