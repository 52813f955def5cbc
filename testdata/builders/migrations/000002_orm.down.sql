DROP TABLE notes;
DROP TABLE invoices;
