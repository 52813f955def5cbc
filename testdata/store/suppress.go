package store

import (
	"context"
	"database/sql"
)

func (s *Store) Export(ctx context.Context) (*sql.Rows, error) {
	//softdelete:ignore the GDPR export must include deleted accounts
	return s.db.QueryContext(ctx, "SELECT id, email FROM users")
}

func (s *Store) ExportSameLine(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM users") //softdelete:ignore billing reconciliation reads every row
}

func (s *Store) ExportInSQL(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `-- softdelete:ignore admin console shows deleted users too
		SELECT id FROM users`)
}

func (s *Store) NoReason(ctx context.Context) (*sql.Rows, error) {
	//softdelete:ignore
	return s.db.QueryContext(ctx, "SELECT id FROM users") // want `softdelete:ignore needs a reason`
}

func (s *Store) NoReasonInSQL(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "-- softdelete:ignore\nSELECT id FROM users") // want `softdelete:ignore needs a reason`
}

// A directive in a string literal is not a comment.
func (s *Store) DirectiveInString(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE name = '-- softdelete:ignore x'") // want `users is a soft-delete table`
}

// The query was fixed; the directives that excused it were left behind.
func (s *Store) FixedSince(ctx context.Context) (*sql.Rows, error) { // want FixedSince:`reads\(live: users; deleted: \)`
	//softdelete:ignore exports include deleted users // want `softdelete:ignore suppresses nothing here`
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE deleted_at IS NULL")
}

func (s *Store) FixedSinceInSQL(ctx context.Context) (*sql.Rows, error) { // want FixedSinceInSQL:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "-- softdelete:ignore exports include deleted users\nSELECT id FROM users WHERE deleted_at IS NULL") // want `softdelete:ignore suppresses nothing here`
}
