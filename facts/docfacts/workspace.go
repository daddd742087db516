package docfacts

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/jsonpos"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/report"
)

// Workspace computes the facts of one document at a time, with what the
// index pass learnt about the whole run: the IAM index, and the registries
// that containers pull from with credentials. It is safe for concurrent
// use.
type Workspace struct {
	cat *facts.Catalog
	cfg *config.Config
	ix  *iam.Index
	// credentials holds, by lower-case registry host, the first place
	// (file:line, in sorted order) where a container pulls from that
	// third-party registry with repositoryCredentials.
	credentials map[string]string
	// needPaths and needImages say whether a configuration ignore entry
	// matches findings by JSON Pointer or by image: only then do findings
	// keep their paths and images after their document is gone.
	needPaths, needImages bool
	// mu guards the caches below.
	mu sync.Mutex
	// texts interns the findings' messages and fixes, which recur across
	// files (the same image, the same rule).
	texts bounded[string]
	// images caches analyses: the same image string recurs across files;
	// imageFacts the facts of the most recent ones, shared by the inputs
	// of the documents that pull them and converted to Rego once.
	images     bounded[facts.Image]
	imageFacts bounded[*rego.Shared]
	// roles caches execution-role facts by executionRoleArn, and patterns
	// the descriptions of resource patterns: both recur across files.
	roles    bounded[*Role]
	patterns map[string]any
}

// New returns the workspace of a run: cat analyzes image references, cfg
// is the run's configuration (private_registries, and the ignore entries
// that decide NeedPaths and NeedImages), ix the run's IAM index, and
// credentials what FirstSites returns for the run's credential sites (nil
// when none). The workspace keeps them and never modifies them.
func New(cat *facts.Catalog, cfg *config.Config, ix *iam.Index, credentials map[string]string) *Workspace {
	w := &Workspace{cat: cat, cfg: cfg, ix: ix, credentials: credentials, images: newBounded[facts.Image](maxCachedImages), imageFacts: newBounded[*rego.Shared](maxSharedImages), texts: newBounded[string](maxInterned),
		roles: newBounded[*Role](maxCachedRoles), patterns: map[string]any{}}
	for _, ig := range cfg.Ignore {
		w.needPaths = w.needPaths || ig.Pointer != ""
		w.needImages = w.needImages || ig.Image != ""
	}
	return w
}

// NeedPaths reports whether a configuration ignore entry matches findings
// by JSON Pointer: only then must findings keep their paths after their
// document is gone.
func (w *Workspace) NeedPaths() bool { return w.needPaths }

// NeedImages reports whether a configuration ignore entry matches findings
// by image: only then must findings keep their images (see ImagesOf).
func (w *Workspace) NeedImages() bool { return w.needImages }

// Intern returns s, or an equal string kept before: findings' messages and
// fixes recur across files, and a run keeps one copy of each (up to a
// bound).
func (w *Workspace) Intern(s string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t, ok := w.texts.get(s); ok {
		return t
	}
	w.texts.put(s, s)
	return s
}

func (w *Workspace) image(raw string) facts.Image {
	w.mu.Lock()
	defer w.mu.Unlock()
	if img, ok := w.images.get(raw); ok {
		return img
	}
	img := w.cat.Image(raw)
	w.images.put(raw, img)
	return img
}

// taskDef returns the task definition of a taskdef document, or nil.
func taskDef(d *parser.Document) *jsonpos.Node {
	td, _ := d.Body["taskDefinition"].(*jsonpos.Node)
	return td
}

// containers returns the container definitions of a taskdef document; an
// element that is not an object is nil, so that indexes stay aligned.
func containers(d *parser.Document) []*jsonpos.Node {
	list := taskDef(d).Get("containerDefinitions")
	if list == nil || list.Kind != jsonpos.Array {
		return nil
	}
	out := make([]*jsonpos.Node, len(list.Elems))
	for i, c := range list.Elems {
		if c.Kind == jsonpos.Object {
			out[i] = c
		}
	}
	return out
}

// text returns the string member key of an object node.
func text(n *jsonpos.Node, key string) (string, bool) {
	v := n.Get(key)
	if v == nil || v.Kind != jsonpos.String {
		return "", false
	}
	return v.Text, true
}

// object returns the object member key of an object node, or nil.
func object(n *jsonpos.Node, key string) *jsonpos.Node {
	v := n.Get(key)
	if v == nil || v.Kind != jsonpos.Object {
		return nil
	}
	return v
}

// elems returns the elements of the array member key of an object node.
func elems(n *jsonpos.Node, key string) []*jsonpos.Node {
	v := n.Get(key)
	if v == nil || v.Kind != jsonpos.Array {
		return nil
	}
	return v.Elems
}

func str(m map[string]any, key string) (string, bool) {
	s, ok := m[key].(string)
	return s, ok
}

// Document returns the facts of one document (the input's "facts",
// DESIGN.md §3), and its execution role when the facts describe one, for
// Boundary. Parts of the facts (an image's, a role's with all its
// statements) are rego.Shared values that other documents' facts hold too:
// callers must not modify them.
func (w *Workspace) Document(d *parser.Document) (map[string]any, *Role) {
	images := map[string]any{}
	out := map[string]any{"images": images}
	addImage := func(raw string) {
		if _, done := images[raw]; !done {
			images[raw] = w.imageFact(raw)
		}
	}
	switch d.Kind {
	case parser.KindTaskDef:
		secrets := map[string]any{}
		out["secrets"] = secrets
		only := containersOnly(d)
		out["containersOnly"] = only
		td := taskDef(d)
		roleRef, _ := text(td, "executionRoleArn")
		taskARN, _ := text(td, "taskDefinitionArn")
		ctx := iam.ContextOf(taskARN, roleRef)
		var role *Role
		if strings.TrimSpace(roleRef) != "" && !only {
			role = w.role(roleRef)
			if role.facts.Known {
				ctx = iam.ContextOf(taskARN, role.facts.ResolvedARN)
			}
		}
		// Every subject a rule may ask the role about.
		var subjects []iam.Subject
		secret := func(s facts.Secret) map[string]any {
			v, subj := w.secretValue(s, ctx)
			subjects = append(subjects, subj...)
			return v
		}
		for _, c := range containers(d) {
			if img, ok := text(c, "image"); ok {
				addImage(img)
			}
			if p, ok := text(object(c, "repositoryCredentials"), "credentialsParameter"); ok {
				secrets[p] = secret(facts.AnalyzeCredentialsParameter(p))
			}
			for _, list := range [][]*jsonpos.Node{elems(c, "secrets"), elems(object(c, "logConfiguration"), "secretOptions")} {
				for _, s := range list {
					if vf, ok := text(s, "valueFrom"); ok {
						if _, done := secrets[vf]; !done {
							secrets[vf] = secret(facts.AnalyzeValueFrom(vf))
						}
					}
				}
			}
		}
		if role != nil {
			out["executionRole"] = w.roleValue(role, role.filter.Relevant(subjects))
			return out, role
		}
	case parser.KindDockerfile:
		for _, ref := range dockerfileImages(d) {
			addImage(ref.image)
		}
	}
	return out, nil
}

// containersOnly reports whether a task definition document was read from
// bare container definitions (an array or one object, as Terraform's
// file() reads them): its task-level settings live elsewhere, so rules must
// not judge them. The parser maps the synthetic task definition to the
// same source range as the containers it wraps.
func containersOnly(d *parser.Document) bool {
	td, ok := d.Index.Get([]any{"taskDefinition"})
	if !ok {
		return false
	}
	for _, p := range [][]any{{"taskDefinition", "containerDefinitions"}, {"taskDefinition", "containerDefinitions", 0}} {
		if r, ok := d.Index.Get(p); ok && r == td {
			return true
		}
	}
	return false
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// dfImage is an image a Dockerfile pulls, with its document path.
type dfImage struct {
	image string
	path  []any
}

// dockerfileImages lists the images a Dockerfile pulls: FROM images that
// are not stages or scratch, COPY/RUN --from images, the syntax image.
// Unresolved references are returned with image "".
func dockerfileImages(d *parser.Document) []dfImage {
	var out []dfImage
	for i, s := range asList(d.Body["stages"]) {
		m, _ := s.(map[string]any)
		if m["stage"] == true || m["scratch"] == true {
			continue
		}
		img, _ := str(m, "image")
		if m["resolved"] != true {
			img = ""
		}
		out = append(out, dfImage{img, []any{"stages", i, "from"}})
	}
	for i, s := range asList(d.Body["copyFrom"]) {
		m, _ := s.(map[string]any)
		if m["stage"] == true {
			continue
		}
		img, _ := str(m, "image")
		if m["resolved"] != true {
			img = ""
		}
		out = append(out, dfImage{img, []any{"copyFrom", i, "from"}})
	}
	if syn, ok := d.Body["syntax"].(map[string]any); ok {
		if img, ok := str(syn, "image"); ok {
			out = append(out, dfImage{img, []any{"syntax", "image"}})
		}
	}
	return out
}

// imageFact returns the facts of the image raw, shared by the inputs of
// the documents that pull it.
func (w *Workspace) imageFact(raw string) *rego.Shared {
	img := w.image(raw)
	w.mu.Lock()
	defer w.mu.Unlock()
	v, ok := w.imageFacts.get(raw)
	if !ok {
		v = rego.Share(w.imageValue(img))
		w.imageFacts.put(raw, v)
	}
	return v
}

func (w *Workspace) imageValue(img facts.Image) map[string]any {
	return map[string]any{
		"valid":                img.Valid,
		"variable":             img.Variable,
		"resolved":             img.Resolved,
		"registry":             img.Registry,
		"repository":           img.Repository,
		"tag":                  img.Tag,
		"digest":               img.Digest,
		"dockerHub":            img.DockerHub,
		"official":             img.Official,
		"ecr":                  img.ECR,
		"ecrPublic":            img.ECRPublic,
		"ecrPublicEquivalent":  img.ECRPublicEquivalent,
		"error":                img.Error,
		"privateRegistry":      w.privateRegistry(img),
		"credentialsElsewhere": w.credentialsElsewhere(img),
	}
}

// credentialsElsewhere returns where another container pulls from the
// third-party registry of img with credentials, or "".
func (w *Workspace) credentialsElsewhere(img facts.Image) string {
	if !thirdParty(img) {
		return ""
	}
	return w.credentials[strings.ToLower(img.Registry)]
}

// privateRegistry reports whether config private_registries lists the
// image's registry (host) or a host/path prefix of it.
func (w *Workspace) privateRegistry(img facts.Image) bool {
	if !img.Resolved || img.Registry == "" {
		return false
	}
	full := strings.ToLower(img.Registry + "/" + img.Repository)
	for _, p := range w.cfg.PrivateRegistries {
		if strings.ToLower(img.Registry) == p || full == p || strings.HasPrefix(full, p+"/") {
			return true
		}
	}
	return false
}

// secretValue renders the facts of one secret reference, with what the
// IAM index knows: the resources a role must be allowed on, the statement
// resource to suggest, and the KMS key when a listing names it. It returns
// the subjects too, those of the secret and of its key.
func (w *Workspace) secretValue(s facts.Secret, ctx iam.Context) (map[string]any, []iam.Subject) {
	subjects, resource := iam.SecretSubjects(s, ctx)
	v := map[string]any{
		"service":        s.Service,
		"kind":           s.Kind,
		"valid":          s.Valid,
		"arn":            s.ARN,
		"iamResource":    s.IAMResource,
		"name":           s.Name,
		"error":          s.Error,
		"subjects":       iam.SubjectsValue(subjects),
		"policyResource": resource,
		"kmsKeyArn":      "",
		"kmsKnown":       false,
		"kmsSource":      "",
		"kmsSubjects":    []any{},
		"kmsResource":    "",
	}
	if len(subjects) == 0 {
		return v, subjects
	}
	if k, ok := w.ix.SecretKey(s, subjects[0]); ok {
		v["kmsKnown"] = true
		v["kmsSource"] = k.Source
		if !iam.AWSManagedKey(k.KMSKey) {
			ks, kr := iam.KeySubjects(k.KMSKey, subjects[0])
			v["kmsKeyArn"] = k.KMSKey
			v["kmsSubjects"] = iam.SubjectsValue(ks)
			v["kmsResource"] = kr
			subjects = append(slices.Clip(subjects), ks...)
		}
	}
	return v, subjects
}

// patternsValue describes resource patterns for rules/lib/iam.
func (w *Workspace) patternsValue(list []string) []any {
	out := make([]any, len(list))
	for i, p := range list {
		v, ok := w.patterns[p]
		if !ok {
			v = iam.DescribePattern(p).Value()
			w.patterns[p] = v
		}
		out[i] = v
	}
	return out
}

// Role is an execution role as the IAM index resolves it, computed
// once per run, with its statements prepared for iam.Relevant.
type Role struct {
	facts  iam.RoleFacts
	filter *iam.StatementFilter
	// all is the role's value with every statement, shared by the
	// documents that need them all.
	all *rego.Shared
}

// role returns the execution role ref names.
func (w *Workspace) role(ref string) *Role {
	w.mu.Lock()
	defer w.mu.Unlock()
	if e, ok := w.roles.get(ref); ok {
		return e
	}
	rf := w.ix.Resolve(ref)
	e := &Role{facts: rf, filter: iam.NewStatementFilter(rf.Statements)}
	w.roles.put(ref, e)
	return e
}

// roleValue returns the facts of an execution role for one document,
// with only the statements that may decide something about the
// document's subjects (keep, from iam.Relevant): the rules' cost then
// follows the statements that matter, not the size of the role, and the
// decisions are the same.
func (w *Workspace) roleValue(e *Role, keep []int) any {
	w.mu.Lock()
	defer w.mu.Unlock()
	rf := e.facts
	every := len(keep) == len(rf.Statements)
	if every && e.all != nil {
		return e.all
	}
	sts := make([]any, len(keep))
	for i, k := range keep {
		sts[i] = rf.Statements[k].Value(w.patternsValue)
	}
	v := map[string]any{
		"arn":         rf.ARN,
		"resolvedArn": rf.ResolvedARN,
		"name":        rf.Name,
		"known":       rf.Known,
		"complete":    rf.Complete,
		"sources":     iam.StringsValue(rf.Sources),
		"statements":  sts,
		"missing":     iam.StringsValue(rf.Missing),
		"searched":    iam.StringsValue(rf.Searched),
		"boundary":    rf.Boundary,
		"reason":      rf.Reason,
	}
	if every {
		e.all = rego.Share(v)
		return e.all
	}
	return v
}

// thirdParty reports whether img comes from a registry other than Docker
// Hub, ECR and ECR Public.
func thirdParty(img facts.Image) bool {
	return img.Resolved && img.Registry != "" && !img.DockerHub && !img.ECR && !img.ECRPublic
}

// CredentialSite is a place where a container pulls from a third-party
// registry with repositoryCredentials.
type CredentialSite struct {
	Host string // registry host, lower case
	Loc  string // file:line of the image
}

// CredentialSites lists the places in a task definition document where a
// container pulls from a third-party registry with credentials. The index
// pass calls it; it needs no workspace, only the catalog.
func CredentialSites(cat *facts.Catalog, d *parser.Document) []CredentialSite {
	var out []CredentialSite
	for i, c := range containers(d) {
		raw, ok := text(c, "image")
		if !ok || object(c, "repositoryCredentials") == nil {
			continue
		}
		img := cat.Image(raw)
		if !thirdParty(img) {
			continue
		}
		loc := d.File
		if r, ok := d.Pos([]any{"taskDefinition", "containerDefinitions", i, "image"}); ok {
			loc = fmt.Sprintf("%s:%d", d.File, r.Start.Line)
		}
		out = append(out, CredentialSite{strings.ToLower(img.Registry), loc})
	}
	return out
}

// FirstSites returns, for each registry host, the first site in sorted
// order: the credentials New takes.
func FirstSites(lists [][]CredentialSite) map[string]string {
	where := map[string]string{}
	for _, list := range lists {
		for _, s := range list {
			if prev, ok := where[s.Host]; !ok || s.Loc < prev {
				where[s.Host] = s.Loc
			}
		}
	}
	return where
}

// Unresolved lists, for --verbose, the images of d that cannot be judged
// statically.
func (w *Workspace) Unresolved(d *parser.Document) []report.Notice {
	var out []report.Notice
	note := func(path []any, msg string) {
		n := report.Notice{Verbose: true, File: d.File, Message: msg}
		if r, ok := d.Pos(path); ok {
			n.Line, n.Column = r.Start.Line, r.Start.Column
		}
		out = append(out, n)
	}
	switch d.Kind {
	case parser.KindTaskDef:
		for i, c := range containers(d) {
			raw, ok := text(c, "image")
			if !ok {
				continue
			}
			if img := w.image(raw); !img.Resolved && img.Valid {
				note([]any{"taskDefinition", "containerDefinitions", i, "image"},
					fmt.Sprintf("image %q cannot be resolved statically; not checked", raw))
			}
		}
	case parser.KindDockerfile:
		for _, ref := range dockerfileImages(d) {
			if ref.image == "" {
				raw := ""
				if m, ok := lookup(d.Body, ref.path[:2]).(map[string]any); ok {
					raw, _ = str(m, "from")
				}
				note(ref.path, fmt.Sprintf("image %q cannot be resolved statically (an ARG without default); not checked", raw))
			}
		}
	}
	return out
}

// Boundary is an execution role with a permissions boundary, and the
// notice that says so at a document that uses it.
type Boundary struct {
	Role   string // the role's resolved ARN
	Notice report.Notice
}

// Boundary returns, for --verbose, the boundary notice of d's execution
// role (role is what Document returned for d): ecslint does not evaluate
// boundaries, which can only take permissions away, so a clean result does
// not prove the role may read its secrets. The run keeps it once per role,
// at its first use.
func (w *Workspace) Boundary(d *parser.Document, role *Role) (Boundary, bool) {
	if role == nil || role.facts.Boundary == "" {
		return Boundary{}, false
	}
	b, arn := role.facts.Boundary, role.facts.ResolvedARN
	n := report.Notice{Verbose: true, File: d.File, Message: fmt.Sprintf(
		"execution role %q has the permissions boundary %s, which ecslint does not evaluate: it can deny what the role's policies allow", arn, b)}
	if r, ok := d.Pos([]any{"taskDefinition", "executionRoleArn"}); ok {
		n.Line, n.Column = r.Start.Line, r.Start.Column
	}
	return Boundary{arn, n}, true
}

// lookup follows path through a JSON-like tree.
func lookup(v any, path []any) any {
	for _, el := range path {
		switch k := el.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k < 0 || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// The most images and execution roles a run keeps analyzed: a tree of
// tens of thousands of task definitions, each with its own role, must not
// hold them all (memory follows the largest file, not the tree), and a
// real tree reuses far fewer.
const (
	maxCachedImages = 4096
	maxSharedImages = 256
	maxCachedRoles  = 512
	maxInterned     = 4096
)

// bounded is a cache that forgets everything when it is full. Its values
// are pure functions of their keys, so forgetting costs time, never a
// different result. Callers lock.
type bounded[V any] struct {
	m   map[string]V
	max int
}

func newBounded[V any](max int) bounded[V] {
	return bounded[V]{m: make(map[string]V), max: max}
}

func (c *bounded[V]) get(k string) (V, bool) {
	v, ok := c.m[k]
	return v, ok
}

func (c *bounded[V]) put(k string, v V) {
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[k] = v
}
