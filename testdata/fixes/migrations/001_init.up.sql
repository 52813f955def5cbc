CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint, deleted_at timestamptz);
