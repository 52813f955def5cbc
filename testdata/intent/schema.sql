CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    last_seen_at timestamptz,
    deleted_at timestamptz
);

CREATE TABLE docs (
    id bigserial PRIMARY KEY,
    title text NOT NULL,
    deleted_at timestamptz
);

CREATE TABLE memberships (
    user_id bigint NOT NULL,
    team text NOT NULL
);
