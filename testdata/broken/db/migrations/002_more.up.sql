CREATE TABLE invoices (id bigserial PRIMARY KEY, deleted_at timestamptz);
