package analyzer

import (
	"go/token"
	"os"
)

// fileOffset returns a position in a non-Go file, adding the file to the
// pass's FileSet on first use.
func (r *reporter) fileOffset(name string, offset int) token.Pos {
	if r.files == nil {
		r.files = map[string]*token.File{}
		r.contents = map[string]string{}
	}
	tf, ok := r.files[name]
	if !ok {
		content, err := os.ReadFile(name)
		if err != nil {
			r.files[name] = nil
			return token.NoPos
		}
		r.contents[name] = string(content)
		tf = r.pass.Fset.AddFile(name, -1, len(content))
		tf.SetLinesForContent(content)
		r.files[name] = tf
	}
	if tf == nil {
		return token.NoPos
	}
	if offset < 0 {
		offset = 0
	}
	if offset > tf.Size() {
		offset = tf.Size()
	}
	return tf.Pos(offset)
}

// sqlFileIgnore looks for "-- softdelete:ignore" on the line of offset or
// the line above it in a schema file.
func (r *reporter) sqlFileIgnore(name string, offset int) (string, bool) {
	text, ok := r.contents[name]
	if !ok {
		return "", false
	}
	return sqlSuppressions(text).covers(text, offset, -1)
}
