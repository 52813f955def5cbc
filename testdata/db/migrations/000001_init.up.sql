-- Users are soft-deleted with a timestamp; orders with a boolean flag.
CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL,
    name       text,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

CREATE TABLE orders (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    total      numeric(12, 2) NOT NULL DEFAULT 0,
    is_deleted boolean NOT NULL DEFAULT false -- want `orders.is_deleted is a boolean soft-delete flag: it records that a row was deleted but not when`
);

CREATE TABLE countries (
    code text PRIMARY KEY,
    name text NOT NULL
);
