// Package thirdparty stands for a library the extractor does not know.
package thirdparty

type Client struct{}

func (c *Client) Query(query string, args ...any) error { return nil }
func (c *Client) Exec(query string, args ...any) error  { return nil }

// DB has the name of a known type, in an unknown package.
type DB struct{}

func (db *DB) QueryContext(ctx any, query string, args ...any) error { return nil }
