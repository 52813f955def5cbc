// Package opaqueid names the identifiers that stand in extracted SQL for
// text not known statically, so that the text still parses: extraction
// writes them, the rules recognise them.
package opaqueid

// Prefix starts each such identifier: Prefix+N, N counting from 1 within
// a query.
const Prefix = "__softdelete_dynamic_"
