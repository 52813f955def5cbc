CREATE SCHEMA billing;
CREATE SCHEMA archive;

-- The view filters, so reading it is safe.
CREATE VIEW active_users AS
    SELECT id, email, name FROM users WHERE deleted_at IS NULL;

-- Row-level security already hides deleted documents.
CREATE TABLE billing.documents (
    id         bigserial PRIMARY KEY,
    owner_id   bigint NOT NULL,
    title      text NOT NULL,
    deleted_at timestamptz
);
ALTER TABLE billing.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY live_documents ON billing.documents FOR SELECT USING (deleted_at IS NULL);

-- Same name, other schema: soft-deleted here, not in public.
CREATE TABLE archive.countries (
    code       text PRIMARY KEY,
    deleted_at timestamptz
);
