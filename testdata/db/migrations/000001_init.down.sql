DROP TABLE countries;
DROP TABLE orders;
DROP TABLE users;
