-- A boolean flag, and its unique key.
CREATE TABLE projects (
    id         bigserial PRIMARY KEY,
    key        text NOT NULL,
    is_deleted boolean NOT NULL DEFAULT false -- want `projects.is_deleted is a boolean soft-delete flag`
);
ALTER TABLE projects ADD CONSTRAINT projects_key UNIQUE (key); -- want `unique constraint projects_key on projects \(key\) counts soft-deleted rows: .*WHERE NOT is_deleted`
CREATE UNIQUE INDEX projects_key_live ON projects (key) WHERE NOT is_deleted;

-- A surrogate key that the database generates is never reused.
CREATE TABLE tokens (
    id         bigserial PRIMARY KEY,
    value      uuid NOT NULL DEFAULT gen_random_uuid(),
    deleted_at timestamptz,
    CONSTRAINT tokens_value UNIQUE (value)
);

-- Dropped later: no finding for what the final schema does not have.
CREATE TABLE invites (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);
CREATE UNIQUE INDEX invites_email ON invites (email);
DROP INDEX invites_email;
CREATE UNIQUE INDEX invites_email_live ON invites (email) WHERE deleted_at IS NULL;

-- Suppressed with a reason.
CREATE TABLE legacy (id bigserial PRIMARY KEY, code text, deleted_at timestamptz);
-- softdelete:ignore codes are never reused, by contract with the billing system
CREATE UNIQUE INDEX legacy_code ON legacy (code);

-- A flag whose every soft delete also stamps the time: the time is kept.
CREATE TABLE boards (
    id         bigserial PRIMARY KEY,
    is_deleted boolean NOT NULL DEFAULT false,
    deleted_on timestamptz
);
