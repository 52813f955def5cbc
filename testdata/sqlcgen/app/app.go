// Package app calls the sqlc-generated queries: under golangci-lint,
// which drops findings outside Go files, a query's findings are also
// reported at its calls here.
package app

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"

	"example.com/sqlcgen/db/booksgen"
	"example.com/sqlcgen/db/gen"
)

func Author(ctx context.Context, q *gen.Queries, id int64) (string, error) { // want Author:`deferred\(missing\-filter authors db/query\.sql:3\[2\]\)`
	a, err := q.GetAuthor(ctx, id)
	return a.Name, err
}

func Catalog(ctx context.Context, q *gen.Queries, books *booksgen.Queries, id int64) error {
	if _, err := q.ListBooksWithAuthors(ctx); err != nil {
		return err
	}
	if _, err := q.GetLiveAuthor(ctx, id); err != nil {
		return err
	}
	_, err := books.GetAuthor(ctx, id)
	return err
}

func Rename(ctx context.Context, q *gen.Queries, id int64, name string) error { // want Rename:`deferred\(missing-filter authors db/query.sql:23\[2 3\]\)`
	return q.RenameAuthor(ctx, gen.RenameAuthorParams{ID: id, Name: name})
}

// AuthorPage shows the author the request names: the generated lookup
// does not filter deleted authors and nothing here checks the row, so the
// finding is reported here, where the row is chosen.
func AuthorPage(q *gen.Queries) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		name, _ := Author(r.Context(), q, id) // want `Queries.GetAuthor \(db/query.sql:3\) reads authors by key without filtering deleted rows, and this call neither checks the row's deleted_at nor passes the key of a live row: filter the query or check deleted_at \[missing-filter\]`
		w.Write([]byte(name))
	}
}

// RenamePage renames the author the request names: the generated UPDATE
// does not filter deleted authors, and nothing here read the row live.
func RenamePage(q *gen.Queries) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		_ = Rename(r.Context(), q, id, r.FormValue("name")) // want `Queries.RenameAuthor \(db/query.sql:23\) updates authors by key without filtering deleted rows, and this call's key is not of a row read live \[missing-filter\]`
	}
}

// RenameLivePage loads the author live first, then renames it by its id.
func RenameLivePage(q *gen.Queries) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		a, err := q.GetLiveAuthor(r.Context(), id)
		if err != nil {
			return
		}
		_ = Rename(r.Context(), q, a.ID, r.FormValue("name"))
	}
}

// Review posts a review. CreateReviewParams has a DeletedAt, which no
// caller sets: reviews are inserted live.
func Review(ctx context.Context, q *gen.Queries, body string) error {
	return q.CreateReview(ctx, gen.CreateReviewParams{Body: body})
}

// ImportNote copies a note from the old system, a deleted one as deleted.
func ImportNote(ctx context.Context, q *gen.Queries, body string, deletedAt sql.NullTime) error {
	return q.ImportNote(ctx, gen.ImportNoteParams{Body: body, DeletedAt: deletedAt})
}

// Counts counts notes and reviews: the notes query counts deleted notes
// too (reported in query.sql), the reviews query has none to count.
func Counts(ctx context.Context, q *gen.Queries) (int, error) {
	notes, err := q.ListNotes(ctx)
	if err != nil {
		return 0, err
	}
	reviews, err := q.ListReviews(ctx)
	return len(notes) + len(reviews), err
}
