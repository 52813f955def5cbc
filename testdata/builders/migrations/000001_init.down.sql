DROP TABLE posts;
DROP TABLE teams;
DROP TABLE orders;
DROP TABLE users;
