CREATE TABLE "OrderItem" (id bigserial PRIMARY KEY, "Name" text, "DeletedAt" timestamptz);
CREATE TABLE "Draft" (id bigserial PRIMARY KEY, "DeletedAt" timestamptz);
