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
		read := r.readSchemaFile
		if read == nil {
			read = os.ReadFile
		}
		content, err := read(name)
		if err != nil {
			// Unreadable (a symlink loop, no permission): still a place
			// to name in the report, at its first line.
			content = nil
		}
		r.contents[name] = string(content)
		tf = r.pass.Fset.AddFile(name, -1, len(content))
		if len(content) == 0 {
			tf.SetLines([]int{0}) // line 1, even when there is nothing on it
		} else {
			tf.SetLinesForContent(content)
		}
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
