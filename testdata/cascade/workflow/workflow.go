// Package workflow sends no SQL: it cascades the soft deletes of store
// methods whose only write is the soft delete, called directly or
// through an interface, or refuses them while children are live. Order
// events (kept by the config, cascade.keep) and order tags (ON DELETE SET
// NULL) outlive an order: no workflow answers for them.
package workflow

import (
	"context"
	"database/sql"
	"errors"

	"example.com/shop/cascade"
)

// OrderStore is the repository as the workflow sees it;
// cascade.OrderDAO implements it.
type OrderStore interface {
	Hide(ctx context.Context, id int64) error
	HideItems(ctx context.Context, orderID int64) error
	HideComments(ctx context.Context, orderID int64) error
	LiveItems(ctx context.Context, orderID int64) (int, error)
}

type Service struct {
	Orders OrderStore
	DAO    cascade.OrderDAO
}

// Cancel cascades through the interface: silent.
func (s *Service) Cancel(ctx context.Context, id int64) error { // want Cancel:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	if err := s.Orders.HideItems(ctx, id); err != nil {
		return err
	}
	if err := s.Orders.HideComments(ctx, id); err != nil {
		return err
	}
	return s.Orders.Hide(ctx, id)
}

// Forget forgets the comments: reported at the call, through the
// interface.
func (s *Service) Forget(ctx context.Context, id int64) error { // want Forget:`writes\(order_items:order_id, orders:id\)`
	if err := s.Orders.HideItems(ctx, id); err != nil {
		return err
	}
	return s.Orders.Hide(ctx, id) // want `soft-deleting orders \(through OrderStore.Hide\) leaves live rows in comments \(order_id\): soft-delete them in this function or one it calls`
}

// CancelDirect calls the repository itself, and cascades: silent.
func (s *Service) CancelDirect(ctx context.Context, id int64) error { // want CancelDirect:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	if err := s.DAO.Hide(ctx, id); err != nil {
		return err
	}
	if err := s.DAO.HideItems(ctx, id); err != nil {
		return err
	}
	return s.DAO.HideComments(ctx, id)
}

// HideDirect forgets every child: reported at the call.
func (s *Service) HideDirect(ctx context.Context, id int64) error { // want HideDirect:`writes\(orders:id\)`
	return s.DAO.Hide(ctx, id) // want `soft-deleting orders \(through OrderDAO.Hide\) leaves live rows in order_items \(order_id, ON DELETE CASCADE\) and comments \(order_id\): soft-delete them in this function or one it calls`
}

var errLiveItems = errors.New("the order has live items")

// Guarded refuses the delete while the order has live items, and
// soft-deletes its comments: silent.
func (s *Service) Guarded(ctx context.Context, id int64) error { // want Guarded:`writes\(comments:order_id, orders:id\)` Guarded:`checks\(order_items:order_id\)`
	n, err := s.Orders.LiveItems(ctx, id)
	if err != nil {
		return err
	}
	if n > 0 {
		return errLiveItems
	}
	if err := s.Orders.HideComments(ctx, id); err != nil {
		return err
	}
	return s.Orders.Hide(ctx, id)
}

// Unguarded checks nothing and forgets the items.
func (s *Service) Unguarded(ctx context.Context, id int64) error { // want Unguarded:`writes\(comments:order_id, orders:id\)`
	if err := s.Orders.HideComments(ctx, id); err != nil {
		return err
	}
	return s.Orders.Hide(ctx, id) // want `soft-deleting orders \(through OrderStore.Hide\) leaves live rows in order_items \(order_id, ON DELETE CASCADE\): soft-delete them in this function or one it calls`
}

// Hide calls a function of the package that knows the SQL whose only
// write is the soft delete: reported here.
func Hide(ctx context.Context, db *sql.DB, id int64) error { // want Hide:`writes\(orders:id\)`
	return cascade.HideOrder(ctx, db, id) // want `soft-deleting orders \(through HideOrder\) leaves live rows in order_items \(order_id, ON DELETE CASCADE\) and comments \(order_id\)`
}

// ArchiveProject leaves tasks (whose ON DELETE CASCADE never fires on an
// UPDATE) and members (which have no soft-delete column) live.
func ArchiveProject(ctx context.Context, db *sql.DB, id int64) error { // want ArchiveProject:`writes\(projects:id\)`
	return cascade.ArchiveProject(ctx, db, id) // want `soft-deleting projects \(through ArchiveProject\) leaves live rows in tasks \(project_id, ON DELETE CASCADE\) and project_members \(project_id, no soft-delete column\)`
}

// HideAlbum: the trigger on albums fires on title only.
func HideAlbum(ctx context.Context, db *sql.DB, id int64) error { // want HideAlbum:`writes\(albums:id\)`
	return cascade.HideAlbum(ctx, db, id) // want `soft-deleting albums \(through HideAlbum\) leaves live rows in photos \(album_id\)`
}

// TrashFolder relies on the trigger on folders: silent.
func TrashFolder(ctx context.Context, db *sql.DB, id int64) error { // want TrashFolder:`writes\(folders:id\)`
	return cascade.TrashFolder(ctx, db, id)
}
