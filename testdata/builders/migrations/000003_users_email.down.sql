DROP INDEX users_email_live;
