// Package ports declares the stores the services use. Package pg
// implements them and main wires the two together, so a service that
// calls a store through these interfaces does not import pg.
package ports

import "context"

// ProjectStore is the project repository as the services see it.
type ProjectStore interface {
	Archive(ctx context.Context, id int64) error
}
