-- Emails are unique among live users: a deleted account's email can sign up again.
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;
