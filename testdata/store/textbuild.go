package store

import (
	"context"
	"database/sql"
	"strings"

	"example.com/shop/querybuilder"
)

// Statements assembled piece by piece: in the shop's own builder
// (package querybuilder) and in a strings.Builder.

// A soft delete that restamps comments already deleted.
func (s *Store) DeleteOrderComments(ctx context.Context, orderID int64, body string) error { // want DeleteOrderComments:`writes\(comments:body, comments:order_id\)`
	q := querybuilder.New("UPDATE comments") // want `comments is a soft-delete table \(deleted_at\) but this UPDATE sets deleted_at on rows already deleted too`
	q.B("SET deleted_at = now()")
	q.B("WHERE order_id = $1", orderID)
	if body != "" {
		q.B("AND body = $2", body)
	}
	_, err := s.db.ExecContext(ctx, q.String(), q.Args...)
	return err
}

// The same soft delete, guarded.
func (s *Store) DeleteLiveOrderComments(ctx context.Context, orderID int64) error { // want DeleteLiveOrderComments:`writes\(comments:order_id\)`
	q := querybuilder.New("UPDATE comments")
	q.B("SET deleted_at = now()")
	q.B("WHERE order_id = $1", orderID)
	q.B("AND deleted_at IS NULL")
	_, err := s.db.ExecContext(ctx, q.String(), q.Args...)
	return err
}

// A search whose filter clauses depend on the request; none is the
// live filter.
func (s *Store) SearchComments(ctx context.Context, orderID int64, text string) (*sql.Rows, error) {
	var sb strings.Builder
	sb.WriteString("SELECT id, body FROM comments") // want `comments is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	sb.WriteString(" WHERE order_id = $1")
	if text != "" {
		sb.WriteString(" AND body LIKE '%' || $2 || '%'")
	}
	return s.db.QueryContext(ctx, sb.String(), orderID, text)
}

func (s *Store) SearchLiveComments(ctx context.Context, orderID int64) (*sql.Rows, error) { // want SearchLiveComments:`reads\(live: comments; deleted: \)`
	var sb strings.Builder
	sb.WriteString("SELECT id, body FROM comments")
	sb.WriteString(" WHERE order_id = $1 AND deleted_at IS NULL")
	return s.db.QueryContext(ctx, sb.String(), orderID)
}

// Paginated by a helper that appends LIMIT when a page is asked for.
func (s *Store) CommentPage(ctx context.Context, orderID int64, limit, offset int) (*sql.Rows, error) {
	q := querybuilder.New("SELECT id, body FROM comments") // want `comments is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	q.B("WHERE order_id = ?", orderID)
	querybuilder.Paginate(q, limit, offset)
	return s.db.QueryContext(ctx, q.String(), q.Args...)
}

func (s *Store) LiveCommentPage(ctx context.Context, orderID int64, limit, offset int) (*sql.Rows, error) { // want LiveCommentPage:`reads\(live: comments; deleted: \)`
	q := querybuilder.New("SELECT id, body FROM comments")
	q.B("WHERE order_id = ? AND deleted_at IS NULL", orderID)
	querybuilder.Paginate(q, limit, offset)
	return s.db.QueryContext(ctx, q.String(), q.Args...)
}

// Handed to a helper whose text depends on a loop: the statement is not
// judged (explain says where the builder went).
func (s *Store) CommentsIn(ctx context.Context, ids []int64) (*sql.Rows, error) {
	q := querybuilder.New("SELECT id, body FROM comments")
	q.B("WHERE id IN")
	querybuilder.In(q, ids)
	return s.db.QueryContext(ctx, q.String(), q.Args...)
}
