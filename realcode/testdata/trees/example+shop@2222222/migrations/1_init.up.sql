CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE TABLE orders (id bigserial PRIMARY KEY, total bigint NOT NULL, deleted_at timestamptz);
