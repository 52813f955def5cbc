-- Tables created from the team's table template: every one gets a
-- deleted_at column, whether or not anything ever soft-deletes its rows.
CREATE TABLE regions (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

-- Soft-deleted by a job outside this module: .softdelete.yml forces it in.
CREATE TABLE api_keys (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL,
    token_hash text NOT NULL,
    deleted_at timestamptz
);
