// Package extra has a sink configured by Options.ExtraSinks.
package extra

type Runner struct{}

func (r *Runner) Run(name, query string) {}

func Run(query string) {}

func use(r *Runner) {
	r.Run("name", "SELECT id FROM extra") // want `sql: SELECT id FROM extra`
	Run("SELECT id FROM extrafunc")       // want `sql: SELECT id FROM extrafunc`
}

type Generic[T any] struct{}

func (g *Generic[T]) Run(query string) {}

func useGeneric(g *Generic[int]) {
	g.Run("SELECT id FROM generic") // want `sql: SELECT id FROM generic`
}
