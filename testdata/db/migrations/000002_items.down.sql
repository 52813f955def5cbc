ALTER TABLE audit_events ADD COLUMN deleted_at timestamptz;
DROP TABLE notes;
DROP TABLE order_items;
