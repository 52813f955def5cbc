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
	}
	tf, ok := r.files[name]
	if !ok {
		content, err := os.ReadFile(name)
		if err != nil {
			r.files[name] = nil
			return token.NoPos
		}
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
