CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL,
    name       text,
    team_id    bigint,
    deleted_at timestamptz
);

CREATE TABLE orders (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL,
    total      numeric NOT NULL DEFAULT 0,
    deleted_at timestamptz
);

CREATE TABLE teams (
    id   bigserial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE posts (
    id        bigserial PRIMARY KEY,
    author_id bigint,
    title     text,
    DeleteAt  bigint NOT NULL DEFAULT 0
);
