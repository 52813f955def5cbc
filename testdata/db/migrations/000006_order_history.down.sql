DROP TABLE order_tags;
DROP TABLE order_events;
