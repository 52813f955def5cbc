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
