package lint

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ecslint/ecslint/classify"
	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/discover"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/report"
)

// buildIndex merges the run's IAM sources into one index: the sources the
// walk found (in path order), the files given with --iam and config iam:,
// and the roles config roles: declares. Bare policy documents count only
// through roles:.
func buildIndex(jobs []*job, cfg *config.Config, opts Options) (*iam.Index, []report.FileError, []report.Notice) {
	ix := iam.NewIndex()
	b := &indexBuilder{ix: ix, cwd: opts.Cwd, loaded: map[string]*iam.Source{}, used: map[string]bool{}}
	for _, j := range jobs {
		if j.iam != nil {
			b.loaded[j.f.Abs] = j.iam
			b.add(j.iam, j.f.Display)
		}
	}
	for _, p := range opts.IAM {
		b.load(p, resolve(opts.Cwd, p), nil)
	}
	for _, e := range cfg.IAM {
		b.load(e.Value, resolve(cfg.Dir, e.Value), &configRef{cfg.File, e})
	}
	for _, r := range cfg.Roles {
		var inline []*iam.Policy
		var attached []string
		for _, e := range r.Policies {
			if strings.HasPrefix(e.Value, "arn:") {
				attached = append(attached, e.Value)
				continue
			}
			abs := resolve(cfg.Dir, e.Value)
			src := b.load(e.Value, abs, &configRef{cfg.File, e})
			if src == nil {
				continue
			}
			if src.Kind != iam.PolicyDocument {
				b.errs = append(b.errs, report.FileError{File: b.display(cfg.File), Line: e.Line, Column: e.Column,
					Message: fmt.Sprintf("roles: %s is %s, not a policy document", e.Value, src.Kind)})
				continue
			}
			b.used[abs] = true
			inline = append(inline, src.Policies...)
		}
		ix.AddRole(r.ARN, inline, attached, fmt.Sprintf("%s:%d:%d", b.display(cfg.File), r.Line, r.Column))
	}
	for _, abs := range b.bare {
		if !b.used[abs] {
			b.notices = append(b.notices, report.Notice{File: b.loaded[abs].File,
				Message: "a policy document given as an IAM source attaches to no role; list it under roles: in .ecslint.yaml"})
		}
	}
	return ix, b.errs, b.notices
}

type configRef struct {
	file  string
	entry config.Entry
}

type indexBuilder struct {
	ix      *iam.Index
	cwd     string
	loaded  map[string]*iam.Source // by absolute path
	bare    []string               // absolute paths of bare policy documents given as sources
	used    map[string]bool        // bare policies attached through roles:
	errs    []report.FileError
	notices []report.Notice
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

func (b *indexBuilder) display(p string) string {
	if p == "" {
		return p
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(b.cwd, p)
	}
	return discover.Display(b.cwd, p, abs)
}

// load reads an IAM source named outside the walk, once per file. ref is
// the config entry that names it, for errors; nil for --iam.
func (b *indexBuilder) load(given, abs string, ref *configRef) *iam.Source {
	if s, ok := b.loaded[abs]; ok {
		return s
	}
	name := discover.Display(b.cwd, given, abs)
	fail := func(msg string) *iam.Source {
		if ref != nil {
			b.errs = append(b.errs, report.FileError{File: b.display(ref.file), Line: ref.entry.Line, Column: ref.entry.Column, Message: fmt.Sprintf("%s: %s", given, msg)})
		} else {
			b.errs = append(b.errs, report.FileError{File: name, Message: "--iam: " + msg})
		}
		b.loaded[abs] = nil
		return nil
	}
	src, err := discover.ReadFile(abs, classify.MaxIAMFileSize) // errors without the path: "no such file or directory"
	if err != nil {
		return fail(err.Error())
	}
	s, err := safeIAMParse(name, src)
	if err != nil {
		b.errs = append(b.errs, fileError(name, err))
		b.loaded[abs] = nil
		return nil
	}
	b.loaded[abs] = s
	if s.Kind == iam.PolicyDocument {
		b.bare = append(b.bare, abs)
	}
	b.add(s, name)
	return s
}

func (b *indexBuilder) add(s *iam.Source, name string) {
	b.ix.Add(s)
	b.notices = append(b.notices, report.Notice{Verbose: true, File: name,
		Message: fmt.Sprintf("read as IAM source (%s: %d roles, %d policies, %d secret keys)", s.Kind, len(s.Roles), len(s.Policies), len(s.Keys))})
}
