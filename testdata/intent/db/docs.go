package db

import (
	"context"
	"database/sql"
	"time"

	"example.com/intent/port"
)

type Doc struct {
	ID        int64
	Title     string
	DeletedAt *time.Time
}

// Docs is the store's interface; its implementation is unexported.
type Docs interface {
	LiveDoc(ctx context.Context, id int64) (*Doc, error)
	DeleteDoc(ctx context.Context, id int64) error
}

type docs struct{ db *sql.DB }

func NewDocs(db *sql.DB) Docs { return &docs{db: db} }

func (d *docs) LiveDoc(ctx context.Context, id int64) (*Doc, error) { // want LiveDoc:`reads\(live: docs; deleted: \)`
	var doc Doc
	err := d.db.QueryRowContext(ctx, "SELECT id, title, deleted_at FROM docs WHERE id = $1 AND deleted_at IS NULL", id).Scan(&doc.ID, &doc.Title, &doc.DeletedAt)
	return &doc, err
}

func (d *docs) DeleteDoc(ctx context.Context, id int64) error { // want DeleteDoc:`writes\(docs:id\)` DeleteDoc:`deferred\(redelete docs db/docs.go:34\[1\]\)`
	_, err := d.db.ExecContext(ctx, "UPDATE docs SET deleted_at = now() WHERE id = $1", id)
	return err
}

// titles implements port.Titles: a caller through that interface need not
// import this package. Whether the key can be a deleted document's is the
// caller's to know, so the lookup is left to the callers that can see
// it; explain says that the others are not judged.
type titles struct{ db *sql.DB }

var _ port.Titles = titles{}

// Titles returns the port's implementation.
func Titles(db *sql.DB) port.Titles { return titles{db} }

func (t titles) Title(ctx context.Context, id int64) (string, error) { // want Title:`deferred\(missing-filter docs db/docs.go:\d+\[1\]\)`
	var title string
	err := t.db.QueryRowContext(ctx, "SELECT title FROM docs WHERE id = $1", id).Scan(&title)
	return title, err
}
