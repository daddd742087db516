package classify

import (
	"bytes"
	"encoding/json"
	"errors"
	"path"
	"path/filepath"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/parser/ecsjson"
	"github.com/ecslint/ecslint/parser/jsonpos"
)

// Stdin classifies standard input, which is always a target: by its name
// (--stdin-filename; "" for none) as File classifies a file of that name,
// and when the name does not decide, by content: a task definition when
// the text looks like one (ecsjson.Sniff) or is valid JSON, else a
// Dockerfile when it has a FROM instruction. None means neither: an error
// (StdinReason says why).
func Stdin(name string, src []byte, tfReader func() string) (Class, string) {
	if name != "" {
		if c, detail := File(path.Base(filepath.ToSlash(name)), src, tfReader); c != None {
			return c, detail
		}
	}
	if ecsjson.Sniff(src) || validJSON(src) {
		return TaskDefJSON, ""
	}
	if hasFromInstruction(src) {
		return Dockerfile, ""
	}
	return None, ""
}

// validJSON reports whether src is one JSON value (a byte order mark
// allowed). jsonpos.Decode accepts exactly what json.Valid does, and
// json.Valid builds no tree.
func validJSON(src []byte) bool {
	return json.Valid(bytes.TrimPrefix(src, []byte("\ufeff")))
}

// StdinReason says why standard input that Stdin rejects is neither a
// Dockerfile nor a task definition, and where: for text that starts like
// JSON, the position of the JSON syntax error.
func StdinReason(src []byte) (parser.Position, string) {
	start := parser.Position{Line: 1, Column: 1}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\ufeff")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("{")) || bytes.HasPrefix(trimmed, []byte("[")) {
		if ecsjson.CheckValues("", src) != nil {
			// Too large to decode for the position of the error.
			return start, "not valid JSON, and no FROM instruction"
		}
		_, err := jsonpos.Decode("", src)
		var perr *parser.Error
		if errors.As(err, &perr) {
			return perr.Pos, "not valid JSON (" + perr.Msg + "), and no FROM instruction"
		}
	}
	if len(trimmed) == 0 {
		return start, "it is empty"
	}
	return start, "no FROM instruction, and not JSON"
}
