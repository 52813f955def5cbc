-- History kept after an order's soft delete, on purpose: events are kept
-- by the config (cascade.keep), tags outlive the order by the schema.
CREATE TABLE order_events (
    id       bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    kind     text NOT NULL
);
CREATE TABLE order_tags (
    order_id bigint REFERENCES orders (id) ON DELETE SET NULL,
    tag      text NOT NULL
);
