// Package repo calls generated query methods; it sends no SQL itself, so
// the soft deletes it makes through them are judged here.
package repo

import (
	"context"

	"example.com/shop/cascade/queries"
)

type Repo struct{ q *queries.Queries }

// Archive soft-deletes the project alone.
func (r *Repo) Archive(ctx context.Context, id int64) error { // want Archive:`writes\(projects:id\)`
	return r.q.SoftDeleteProject(ctx, id) // want `soft-deleting projects \(through Queries.SoftDeleteProject\) leaves live rows in tasks \(project_id, ON DELETE CASCADE\) and project_members \(project_id, no soft-delete column\): soft-delete them in this function`
}

// Close cascades through the other generated methods.
func (r *Repo) Close(ctx context.Context, id int64) error { // want Close:`writes\(project_members:project_id, projects:id, tasks:project_id\)`
	if err := r.q.SoftDeleteProject(ctx, id); err != nil {
		return err
	}
	if err := r.q.SoftDeleteProjectTasks(ctx, id); err != nil {
		return err
	}
	return r.q.DeleteProjectMembers(ctx, id)
}

// CloseInTx cascades inside a transaction closure, which runs as part of
// it; the members are removed by a helper it calls.
func (r *Repo) CloseInTx(ctx context.Context, id int64) error { // want CloseInTx:`writes\(project_members:project_id, projects:id, tasks:project_id\)`
	return inTx(func() error {
		if err := r.q.SoftDeleteProjectTasks(ctx, id); err != nil {
			return err
		}
		if err := r.q.SoftDeleteProject(ctx, id); err != nil {
			return err
		}
		return r.removeMembers(ctx, id)
	})
}

func (r *Repo) removeMembers(ctx context.Context, id int64) error {
	return r.q.DeleteProjectMembers(ctx, id)
}

// Tasks only: the members stay.
func (r *Repo) ArchiveWithTasks(ctx context.Context, id int64) error { // want ArchiveWithTasks:`writes\(projects:id, tasks:project_id\)`
	r.q.SoftDeleteProjectTasks(ctx, id)
	return r.q.SoftDeleteProject(ctx, id) // want `soft-deleting projects \(through Queries.SoftDeleteProject\) leaves live rows in project_members \(project_id, no soft-delete column`
}

func inTx(fn func() error) error { return fn() }
