package bunstore

import (
	"context"
)

// Emails are unique among live users only (users_email_live is partial on
// deleted_at IS NULL), so a deleted account's email can sign up again.

// SignUp creates the account; bun reads the new id back.
func (s *Store) SignUp(ctx context.Context, email, name string) (int64, error) {
	u := &User{Email: email, Name: name}
	if _, err := s.db.NewInsert().Model(u).Exec(ctx); err != nil {
		return 0, err
	}
	return u.ID, nil
}

// SaveProfile upserts by email. PostgreSQL can only use the partial index
// for the conflict when the target repeats its predicate: this fails.
func (s *Store) SaveProfile(ctx context.Context, email, name string) error {
	u := &User{Email: email, Name: name}
	_, err := s.db.NewInsert().Model(u). // want `ON CONFLICT \(email\) on users can only use the partial unique index users_email_live, but the target does not repeat its predicate: PostgreSQL fails with 42P10 .*; write ON CONFLICT \(email\) WHERE deleted_at IS NULL \[on-conflict-partial\]`
		On("CONFLICT (email) DO UPDATE").
		Set("name = EXCLUDED.name").
		Exec(ctx)
	return err
}

// SaveLiveProfile is the upsert with the index's predicate: it works.
func (s *Store) SaveLiveProfile(ctx context.Context, email, name string) (int64, error) {
	u := &User{Email: email, Name: name}
	var id int64
	err := s.db.NewInsert().Model(u).
		On("CONFLICT (email) WHERE deleted_at IS NULL DO UPDATE").
		Returning("id").
		Scan(ctx, &id)
	return id, err
}

// Invite adds the address unless some account has it: a conflict on any
// unique index or constraint does nothing.
func (s *Store) Invite(ctx context.Context, email string) error {
	_, err := s.db.NewInsert().Model(&User{Email: email}).Ignore().Exec(ctx)
	return err
}
