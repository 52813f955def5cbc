// Package notsink calls methods named like sinks on concrete types of an
// unknown package: none is a sink.
package notsink

import "example.com/extract/thirdparty"

func use(c *thirdparty.Client, db *thirdparty.DB) {
	c.Query("SELECT id FROM users")
	c.Exec("DELETE FROM users")
	db.QueryContext(nil, "SELECT id FROM users")
}
