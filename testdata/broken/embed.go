package app

import "embed"

// migrations are embedded for the program to apply at start-up: under
// golangci-lint, schema findings are reported at this directive.
//
//go:embed db/migrations/*.sql
var migrations embed.FS
