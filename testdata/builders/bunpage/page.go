// Package bunpage pages a bun query as list endpoints do: it counts the
// rows first, then keeps the query, ordered, in the page it returns for
// the caller to send with the page's limit and offset.
package bunpage

import (
	"context"

	"github.com/uptrace/bun"
)

// Page is one page of a list.
type Page struct {
	Total  int64
	Offset int64
	Limit  int64
	Query  *bun.SelectQuery
}

// New counts what query reads and returns the page to send.
func New(ctx context.Context, query *bun.SelectQuery, offset, limit int64, orderBy string) (*Page, error) { // want New:`builder\(Query: Order\)` New:`sends\(bun, builder\(Count\)\)`
	return newMulti(ctx, query, offset, limit, []string{orderBy})
}

func newMulti(ctx context.Context, query *bun.SelectQuery, offset, limit int64, orders []string) (*Page, error) {
	p := &Page{Offset: offset, Limit: limit, Query: query}
	for _, o := range orders {
		if o == "" {
			continue
		}
		p.Query = query.Order(o)
	}
	total, err := query.Count(ctx)
	if err != nil {
		return nil, err
	}
	p.Total = total
	return p, nil
}
