CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL,
    deleted_at timestamptz
);

CREATE TABLE teams (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    deleted_at timestamptz
);

-- The audit trail was given a deleted_at column it never used: nothing
-- deletes an entry.
CREATE TABLE audit_entries (
    id         bigserial PRIMARY KEY,
    actor      bigint NOT NULL,
    action     text NOT NULL,
    deleted_at timestamptz
);
