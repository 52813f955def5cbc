CREATE TABLE authors (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    bio        text,
    deleted_at timestamptz
);

CREATE TABLE books (
    id         bigserial PRIMARY KEY,
    author_id  bigint NOT NULL,
    title      text NOT NULL,
    deleted_at timestamptz
);

-- Reviews and notes have the same deleted_at, and sqlc generates the same
-- parameter for it in their INSERTs; only notes are ever inserted deleted.
CREATE TABLE reviews (
    id         bigserial PRIMARY KEY,
    body       text NOT NULL,
    deleted_at timestamptz
);

CREATE TABLE notes (
    id         bigserial PRIMARY KEY,
    body       text NOT NULL,
    deleted_at timestamptz
);
