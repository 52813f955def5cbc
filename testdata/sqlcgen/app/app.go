// Package app calls the sqlc-generated queries: under golangci-lint,
// which drops findings outside Go files, a query's findings are also
// reported at its calls here.
package app

import (
	"context"

	"example.com/sqlcgen/db/booksgen"
	"example.com/sqlcgen/db/gen"
)

func Author(ctx context.Context, q *gen.Queries, id int64) (string, error) {
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

func Rename(ctx context.Context, q *gen.Queries, id int64, name string) error {
	return q.RenameAuthor(ctx, gen.RenameAuthorParams{ID: id, Name: name})
}
