CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);

CREATE TABLE oops (id int,, name text);

CREATE TABLE orders (id bigserial PRIMARY KEY, deleted_at timestamptz);
