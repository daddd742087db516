// Package ecsjson reads Amazon ECS task definitions written as JSON.
//
// Four shapes are recognized; each yields one Document of kind "taskdef"
// whose Body is {"taskDefinition": <task definition>}, the task definition
// as a *jsonpos.Node (the decoded tree, with nothing copied out of it), and
// whose Index, a jsonpos.Locator, resolves document paths, which always
// start with "taskDefinition", to the source by walking that tree:
//
//  1. a task definition, as given to `aws ecs register-task-definition
//     --cli-input-json`: an object with a top-level "containerDefinitions"
//     member. ["taskDefinition"] is the root object.
//  2. `aws ecs describe-task-definition` output: an object whose
//     "taskDefinition" member is an object with "containerDefinitions".
//     Paths are as in the source; siblings such as "tags" are dropped.
//  3. an array of container definitions (what Terraform's file() reads into
//     container_definitions): a non-empty array of objects in which some
//     element is a container definition (see below) or every element has
//     both "name" and "image". With Parser.Containers set (the caller knows
//     from the file's name or a Terraform file() call that it holds
//     container definitions), one element with an "image" is enough. It
//     becomes {"containerDefinitions": [...]}; ["taskDefinition"] and
//     ["taskDefinition", "containerDefinitions"] are the root array, and
//     source path [0, "image"] is document path
//     ["taskDefinition", "containerDefinitions", 0, "image"].
//  4. a single container definition object. It becomes
//     {"containerDefinitions": [obj]}; ["taskDefinition"],
//     ["taskDefinition", "containerDefinitions"] and
//     ["taskDefinition", "containerDefinitions", 0] are the root object.
//
// In every shape the empty path is the root value, the last resort of
// parser.Document.Pos.
//
//  5. task definitions held inside other JSON: an array of them, or a
//     wrapper object. Each object with a non-empty "containerDefinitions"
//     array of objects becomes one document, with Resource set to its JSON
//     Pointer ("/1", "/taskDefinitions/0") and paths mapped below it.
//
// A container definition (shapes 3 and 4) is an object with an "image"
// member plus at least one member only ECS container definitions have
// ("essential", "portMappings", "memory", "cpu", "command", ...; see
// containerKeys). "name" is not required: real examples omit it. The extra
// member keeps look-alikes such as a devcontainer.json ({"name", "image",
// "features"}) out. Valid JSON of any
// other shape (an IAM policy, package.json, a CloudFormation template, a
// Terraform plan) is not a task definition: Parse returns no documents and
// no error. Invalid JSON is a *parser.Error at the offending byte, whatever
// the text is; callers use Sniff to decide whether such a file deserves
// that error.
//
// Keys are compared decoded, as the AWS CLI and ECS read them:
// "\u0063ontainerDefinitions" is "containerDefinitions", for Parse and for
// Sniff alike.
//
// What Parse reads of one file is bounded: more than MaxValues JSON values
// in the file, or more than MaxContainers container definitions in its task
// definitions, is a *parser.Error at the first one over the limit, and no
// document. Decoding, source positions, the rules' input and the rules'
// time cost memory in proportion to what a file holds; real task
// definitions hold ten containers at most and a few hundred values.
package ecsjson

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/jsonpos"
)

// Parser reads ECS task definitions from JSON. It implements parser.Parser.
type Parser struct {
	// Containers says that the caller knows the file holds container
	// definitions (its name says so, or a Terraform file() call reads it):
	// a bare array of objects is then shape 3 as soon as one element has an
	// "image" member. NotContainers explains a file that is still not one.
	Containers bool
}

// Parse returns the task definition in src, read from path, as one
// document, or no document when src is valid JSON of another kind.
func (p Parser) Parse(path string, src []byte) ([]*parser.Document, error) {
	if err := CheckValues(path, src); err != nil {
		return nil, err
	}
	root, err := jsonpos.Decode(path, src)
	if err != nil {
		return nil, withPlaceholderHint(err, src)
	}
	var td *jsonpos.Node
	var b budget
	switch {
	case root.Kind == jsonpos.Object && root.Get("containerDefinitions") != nil:
		// Shape 1, also when "containerDefinitions" is not an array (a
		// template substituting it whole as a string): rules then see no
		// containers, but the file is still a task definition.
		if err := b.add(path, root.Get("containerDefinitions")); err != nil {
			return nil, err
		}
		td = root
	case isDescribeOutput(root):
		inner := root.Get("taskDefinition")
		if err := b.add(path, inner.Get("containerDefinitions")); err != nil {
			return nil, err
		}
		td = inner
	case isContainerArray(root, p.Containers):
		if err := b.add(path, root); err != nil {
			return nil, err
		}
		td = wrap(root, root)
	case isContainer(root):
		td = wrap(root, &jsonpos.Node{Kind: jsonpos.Array, Range: root.Range, Elems: []*jsonpos.Node{root}})
	default:
		return nested(path, src, root)
	}
	return []*parser.Document{document(path, src, root, td, "")}, nil
}

// document returns the taskdef document whose task definition is td, in
// the file whose root value is root.
func document(path string, src []byte, root, td *jsonpos.Node, resource string) *parser.Document {
	return &parser.Document{
		Kind:     parser.KindTaskDef,
		File:     path,
		Source:   parser.SourceECSJSON,
		Resource: resource,
		Body:     map[string]any{"taskDefinition": td},
		Index:    jsonpos.NewLocator(root, []any{"taskDefinition"}, td),
		Text:     src,
	}
}

// wrap returns a synthetic task definition object {"containerDefinitions":
// list} at the range of root, for bare container definitions: the task
// definition and its containerDefinitions resolve to the file's root
// value, and paths below them to the containers as written.
func wrap(root, list *jsonpos.Node) *jsonpos.Node {
	return &jsonpos.Node{Kind: jsonpos.Object, Range: root.Range,
		Members: []jsonpos.Member{{Key: "containerDefinitions", KeyRange: root.Range, Value: list}}}
}

// maxNestedDepth bounds the search for task definitions inside other JSON.
const maxNestedDepth = 8

// MaxContainers is the most container definitions Parse reads from one
// file, over all its task definitions. ECS allows 10 in a task definition;
// the limit is far above that, and bounds what a hostile file costs.
const MaxContainers = 1000

// MaxValues is the most JSON values (objects, arrays, strings, numbers,
// literals; not keys) Parse reads in one file. Real task definitions hold
// a few hundred at most. Decoding costs memory per value, and the source
// positions, the rules' input and the rules' time more: the limit is
// checked on the text (CheckValues), before anything is decoded.
const MaxValues = 50_000

// CheckValues returns a *parser.Error at the value of src that is over
// MaxValues, or nil. It scans the text without decoding it, in one pass;
// in a template that is not valid JSON the count is an estimate.
func CheckValues(path string, src []byte) error {
	if off := jsonpos.ValueOver(src, MaxValues); off >= 0 {
		return parser.Errorf(path, parser.NewLines(src).Pos(off),
			"more than %d JSON values in one file, far more than task definitions hold; not linted", MaxValues)
	}
	return nil
}

// budget counts the container definitions of the documents of one file,
// against MaxContainers, before they are built.
type budget struct {
	containers int
}

// add counts one document's container definitions, list (nil for none or
// a single container).
func (b *budget) add(path string, list *jsonpos.Node) error {
	if list == nil || list.Kind != jsonpos.Array {
		return nil
	}
	if b.containers+len(list.Elems) > MaxContainers {
		over := list.Elems[MaxContainers-b.containers]
		return parser.Errorf(path, over.Range.Start,
			"more than %d container definitions in one file (ECS allows 10 in a task definition); not linted", MaxContainers)
	}
	b.containers += len(list.Elems)
	return nil
}

// nested finds task definitions held inside other JSON (shape 5): an array
// of task definitions, or a wrapper such as {"taskDefinitions": [...]}.
// Every object with a "containerDefinitions" array of objects, at most
// maxNestedDepth levels down and not inside another task definition, is a
// document whose Resource is its JSON Pointer in the file. The documents
// share one budget.
func nested(path string, src []byte, root *jsonpos.Node) ([]*parser.Document, error) {
	var docs []*parser.Document
	var b budget
	var err error
	var walk func(n *jsonpos.Node, at []any)
	walk = func(n *jsonpos.Node, at []any) {
		if len(at) > maxNestedDepth || err != nil {
			return
		}
		switch n.Kind {
		case jsonpos.Object:
			if cd := n.Get("containerDefinitions"); cd != nil && cd.Kind == jsonpos.Array && len(at) > 0 && allObjects(cd) {
				if err = b.add(path, cd); err != nil {
					return
				}
				docs = append(docs, document(path, src, n, n, parser.Key(at)))
				return
			}
			for _, m := range n.Members {
				walk(m.Value, parser.Append(at, m.Key))
			}
		case jsonpos.Array:
			for i, el := range n.Elems {
				walk(el, parser.Append(at, i))
			}
		}
	}
	walk(root, nil)
	if err != nil {
		return nil, err
	}
	return docs, nil
}

func allObjects(n *jsonpos.Node) bool {
	for _, el := range n.Elems {
		if el.Kind != jsonpos.Object {
			return false
		}
	}
	return len(n.Elems) > 0
}

// isDescribeOutput reports shape 2: {"taskDefinition": {"containerDefinitions": ...}}.
func isDescribeOutput(root *jsonpos.Node) bool {
	inner := root.Get("taskDefinition")
	return inner != nil && inner.Get("containerDefinitions") != nil
}

// isContainerArray reports shape 3: a non-empty array of objects, at least
// one of which is a container definition, or all of which have "name" and
// "image" (the two members ECS requires); with declared (Parser.Containers),
// at least one of which has an "image".
func isContainerArray(root *jsonpos.Node, declared bool) bool {
	if root.Kind != jsonpos.Array || len(root.Elems) == 0 {
		return false
	}
	found, named, imaged := false, true, false
	for _, el := range root.Elems {
		if el.Kind != jsonpos.Object {
			return false
		}
		found = found || isContainer(el)
		image := el.Get("image") != nil && el.Get("containerDefinitions") == nil
		imaged = imaged || image
		named = named && image && el.Get("name") != nil
	}
	return found || named || declared && imaged
}

// IsArray reports whether src, after white space and a byte order mark, starts
// like a JSON array. It does not parse src, so it also holds for templates.
func IsArray(src []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(src, []byte(bom)), " \t\r\n"), []byte("["))
}

// bom is the UTF-8 byte order mark, which JSON files may start with.
const bom = "\xef\xbb\xbf"

// NotContainers explains why src, which the caller has reason to read as an
// array of container definitions (Parser.Containers), yields no document:
// where the problem is and what it is. It returns nil when src does yield
// a document, and the parse error when src is not valid JSON.
func NotContainers(path string, src []byte) *parser.Error {
	root, err := jsonpos.Decode(path, src)
	if err != nil {
		var perr *parser.Error
		if errors.As(withPlaceholderHint(err, src), &perr) {
			return perr
		}
		return parser.Errorf(path, parser.Position{Line: 1, Column: 1}, "%v", err)
	}
	if docs, _ := (Parser{Containers: true}).Parse(path, src); len(docs) > 0 {
		return nil
	}
	at := func(n *jsonpos.Node, format string, args ...any) *parser.Error {
		return parser.Errorf(path, n.Range.Start, format, args...)
	}
	switch {
	case root.Kind != jsonpos.Array:
		return at(root, "the file holds a JSON %s, not an array of container definitions", root.Kind)
	case len(root.Elems) == 0:
		return at(root, "the array is empty")
	}
	for i, el := range root.Elems {
		if el.Kind != jsonpos.Object {
			return at(el, "element %d is a JSON %s, not a container definition object", i, el.Kind)
		}
	}
	return at(root, `no element has an "image" member`)
}

// isContainer reports whether n is an object that looks like an ECS
// container definition: an "image" member and a container-only member.
func isContainer(n *jsonpos.Node) bool {
	if n.Kind != jsonpos.Object || n.Get("image") == nil || n.Get("containerDefinitions") != nil {
		return false
	}
	for _, m := range n.Members {
		if isContainerKey(m.Key) {
			return true
		}
	}
	return false
}

// containerKeys are members of an ECS container definition that, next to
// "image", tell it from other JSON naming an image (a devcontainer.json has
// "name" and "image" but none of these). Both Parse and Sniff use them, so
// every file Parse accepts as shape 3 or 4 also passes Sniff.
const containerKeys = "essential portMappings memory memoryReservation cpu environment environmentFiles " +
	"logConfiguration command entryPoint secrets repositoryCredentials mountPoints volumesFrom " +
	"healthCheck dependsOn linuxParameters firelensConfiguration ulimits dockerLabels " +
	"readonlyRootFilesystem workingDirectory startTimeout stopTimeout systemControls " +
	"resourceRequirements dockerSecurityOptions pseudoTerminal disableNetworking"

func isContainerKey(key string) bool {
	for k := range strings.FieldsSeq(containerKeys) {
		if k == key {
			return true
		}
	}
	return false
}

// Sniff reports whether src looks like an ECS task definition or container
// definition(s), without parsing it, so that it also works on templates that
// are not valid JSON (`"cpu": ${cpu}`, `"image": @VERSION@`). It is true when
// src contains the key "containerDefinitions", or the key "image" together
// with at least one key only container definitions have: "essential",
// "portMappings", "memory", "cpu", "environment", "logConfiguration",
// "command", "entryPoint", "secrets", "repositoryCredentials", "mountPoints",
// "healthCheck", ... (containerKeys), or when src is an array (IsArray) with
// the keys "image" and "name". Unlike Parse, Sniff does not tell a
// top-level key from a nested one.
//
// Keys are matched as quoted strings anywhere in the text ("image" matches;
// "imageTag" and an escaped \"image\" inside a string value do not), after
// \u escapes are decoded (DecodeEscapes): "\u0069mage" is "image" to a JSON
// decoder, so it is to Sniff. Sniff costs a few substring searches, linear in
// len(src). Key names are case-sensitive, which keeps CloudFormation
// ("ContainerDefinitions") and Terraform plans ("container_definitions")
// out. Every file Parse returns a document for passes Sniff. A true result
// does not promise that Parse returns a document (a Kubernetes manifest may
// pass): it says that a parse error in the file deserves to be reported.
func Sniff(src []byte) bool {
	src = DecodeEscapes(src)
	if containsKey(src, "containerDefinitions") {
		return true
	}
	if !containsKey(src, "image") {
		return false
	}
	if IsArray(src) && containsKey(src, "name") {
		return true
	}
	for k := range strings.FieldsSeq(containerKeys) {
		if containsKey(src, k) {
			return true
		}
	}
	return false
}

// DecodeEscapes returns src with each \uXXXX escape (and surrogate pair)
// that stands for a character JSON allows unescaped in a string replaced by
// that character in UTF-8, so that a text search sees the keys and strings
// a JSON decoder sees: {"\u0069mage": 1} becomes {"image": 1}. The result is
// the same JSON, value for value. Escapes of '"', '\\', control characters
// and lone surrogates stay as written. src itself is returned, not copied,
// when it has no \u escape: the common case costs one search.
func DecodeEscapes(src []byte) []byte {
	if !bytes.Contains(src, []byte(`\u`)) {
		return src
	}
	var out []byte
	copied := 0
	// Escapes pair from the start of the text: in \\u0069 the backslash
	// is escaped and "u0069" is plain text.
	for i := 0; i < len(src); {
		k := bytes.IndexByte(src[i:], '\\')
		if k < 0 {
			break
		}
		i += k
		if i+1 >= len(src) || src[i+1] != 'u' {
			i += 2 // \" \\ \n ...: the escaped character is not a \u escape
			continue
		}
		r, n := unicodeEscape(src[i:])
		if n == 0 || r < 0x20 || r == '"' || r == '\\' {
			i += 2
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(src))
		}
		out = append(out, src[copied:i]...)
		out = utf8.AppendRune(out, r)
		i += n
		copied = i
	}
	if out == nil {
		return src
	}
	return append(out, src[copied:]...)
}

// unicodeEscape decodes the \uXXXX escape, or surrogate pair of escapes,
// that b starts with: the character and the bytes it takes, or n == 0 when
// b does not start with one or it is a lone surrogate.
func unicodeEscape(b []byte) (r rune, n int) {
	r, ok := hex4(b)
	if !ok {
		return 0, 0
	}
	if !utf16.IsSurrogate(r) {
		return r, 6
	}
	if r2, ok := hex4(b[6:]); ok {
		if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
			return dec, 12
		}
	}
	return 0, 0
}

// hex4 decodes the \uXXXX escape b starts with.
func hex4(b []byte) (rune, bool) {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range b[2:6] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// containsKey reports whether src contains key in double quotes.
func containsKey(src []byte, key string) bool {
	var buf [64]byte // keys are short: the needle stays on the stack
	needle := append(append(append(buf[:0], '"'), key...), '"')
	return bytes.Contains(src, needle)
}

// withPlaceholderHint adds a hint to a syntax error that sits on a template
// placeholder such as ${cpu}, $LOG_CONFIGURATION, @VERSION@, <PORT> or
// {{ .Image }}: the file is a template and must be rendered before linting.
func withPlaceholderHint(err error, src []byte) error {
	var perr *parser.Error
	if !errors.As(err, &perr) {
		return err
	}
	if ph := placeholderAt(src, perr.Pos.Offset); ph != "" {
		out := *perr
		out.Msg += "; " + strconv.Quote(ph) + " looks like a template placeholder, lint the rendered file"
		return &out
	}
	return err
}

// maxPlaceholder bounds the length of a placeholder quoted in a message.
const maxPlaceholder = 64

// placeholderAt returns the template placeholder starting at src[off], or "".
func placeholderAt(src []byte, off int) string {
	if off < 0 || off >= len(src) {
		return ""
	}
	if off > 0 && src[off-1] == '{' && src[off] == '{' {
		off-- // in `{{ x }}` the error is at the second brace, a bad object key
	}
	rest := src[off:min(len(src), off+maxPlaceholder)]
	closing := func(open, close string) string {
		if !bytes.HasPrefix(rest, []byte(open)) {
			return ""
		}
		end := bytes.Index(rest[len(open):], []byte(close))
		if end < 0 || bytes.ContainsAny(rest[:len(open)+end], "\r\n") {
			return ""
		}
		return string(rest[:len(open)+end+len(close)])
	}
	for _, pair := range [...][2]string{{"${", "}"}, {"{{", "}}"}, {"<%", "%>"}} {
		if ph := closing(pair[0], pair[1]); ph != "" {
			return ph
		}
	}
	switch rest[0] {
	case '$': // $NAME
		n := identLen(rest[1:])
		if n > 0 {
			return string(rest[:1+n])
		}
	case '@', '<', '%': // @NAME@, <NAME>, %NAME%
		end := rest[0]
		if end == '<' {
			end = '>'
		}
		n := identLen(rest[1:])
		if n > 0 && 1+n < len(rest) && rest[1+n] == end {
			return string(rest[:2+n])
		}
	}
	return ""
}

// identLen returns the length of the identifier ([A-Za-z0-9_.-]+) that b
// starts with.
func identLen(b []byte) int {
	n := 0
	for n < len(b) {
		c := b[n]
		if c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			n++
			continue
		}
		break
	}
	return n
}
