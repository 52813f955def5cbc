// Package service is the code that chooses the rows: handlers and jobs
// calling the store through a field.
package service

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"example.com/intent/db"
)

var ErrNotFound = errors.New("not found")

type Service struct{ store *db.Store }

// Profile checks the row it looked up.
func (s *Service) Profile(ctx context.Context, id int64) (*db.User, error) { // want Profile:`reads\(live: users; deleted: \)`
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.DeletedAt != nil {
		return nil, ErrNotFound
	}
	return u, nil
}

// Greeting checks another field: a deleted user is greeted.
func (s *Service) Greeting(w http.ResponseWriter, r *http.Request) {
	u, err := s.store.UserByID(r.Context(), idOf(r)) // want `Store.UserByID \(db/users.go:27\) reads users by key without filtering deleted rows, and this call neither checks the row's deleted_at nor passes the key of a live row`
	if err != nil || u.Email == "" {
		return
	}
	w.Write([]byte("hello " + u.Email))
}

// Delete loads the user live, then deletes it.
func (s *Service) Delete(ctx context.Context, id int64) error { // want Delete:`writes\(users:id\)`
	u, err := s.Profile(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.TouchUser(ctx, u.ID); err != nil {
		return err
	}
	return s.store.SoftDeleteUser(ctx, u.ID)
}

// DeleteFromRequest deletes whatever id the request names.
func (s *Service) DeleteFromRequest(w http.ResponseWriter, r *http.Request) { // want DeleteFromRequest:`writes\(users:id\)`
	_ = s.store.SoftDeleteUser(r.Context(), idOf(r)) // want `Store.SoftDeleteUser \(db/users.go:68\) soft-deletes users by key without a live-row guard`
}

// Visit stamps a visit on the user the request names, twice: one
// finding, the other call in its related information.
func (s *Service) Visit(w http.ResponseWriter, r *http.Request) {
	_ = s.store.TouchUser(r.Context(), idOf(r)) // want `Store.TouchUser \(db/users.go:80\) updates users by key without filtering deleted rows, and this call's key is not of a row read live \(and 1 other call here\)`
	_ = s.store.TouchUser(r.Context(), idOf(r))
}

// Purge removes the users deleted a month ago.
func (s *Service) Purge(ctx context.Context) error { // want Purge:`writes\(users:id\)`
	users, err := s.store.DeletedBefore(ctx, time.Now().AddDate(0, -1, 0))
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return s.store.PurgeUsers(ctx, ids)
}

// PurgeAll removes users read with no filter: live ones too.
func (s *Service) PurgeAll(ctx context.Context) error { // want PurgeAll:`writes\(users:id\)`
	users, err := s.store.AnyUsers(ctx)
	if err != nil {
		return err
	}
	var ids []int64
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return s.store.PurgeUsers(ctx, ids) // want `Store.PurgeUsers \(db/users.go:74\) deletes users rows for good by key, and this call's keys are not of rows read deleted`
}

func idOf(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	return id
}

// Rename loads the user the request names live, then stamps it by the
// same id.
func (s *Service) Rename(w http.ResponseWriter, r *http.Request) {
	id := idOf(r)
	if _, err := s.store.LiveUser(r.Context(), id); err != nil {
		return
	}
	_ = s.store.TouchUser(r.Context(), id)
}

// RenameAny loads the user with no filter first: the stamp may reach a
// deleted user.
func (s *Service) RenameAny(w http.ResponseWriter, r *http.Request) {
	id := idOf(r)
	if _, err := s.store.AnyUsers(r.Context()); err != nil {
		return
	}
	_ = s.store.MarkLogin(r.Context(), id) // want `Store.MarkLogin \(db/users.go:97\) updates users by key without filtering deleted rows`
}

// ChangeEmail saves the email of whatever user the request names.
func (s *Service) ChangeEmail(w http.ResponseWriter, r *http.Request) {
	_ = s.store.SetEmail(r.Context(), idOf(r), r.FormValue("email")) // want `Store.SetEmail \(db/users.go:86\) updates users by key without filtering deleted rows, and this call's key is not of a row read live`
}

// ChangeEmailLive loads the user live, then saves it.
func (s *Service) ChangeEmailLive(w http.ResponseWriter, r *http.Request) {
	u, err := s.store.LiveUser(r.Context(), idOf(r))
	if err != nil {
		return
	}
	_ = s.store.SetEmail(r.Context(), u.ID, r.FormValue("email"))
}

// Team checks the user it looked up with its team.
func (s *Service) Team(ctx context.Context, id int64) (string, error) { // want Team:`reads\(live: users; deleted: \)`
	u, team, err := s.store.UserWithTeam(ctx, id)
	if err != nil {
		return "", err
	}
	if u.DeletedAt != nil {
		return "", ErrNotFound
	}
	return team, nil
}

// TeamPage shows the team of whichever user the request names.
func (s *Service) TeamPage(w http.ResponseWriter, r *http.Request) {
	_, team, err := s.store.UserWithTeam(r.Context(), idOf(r)) // want `Store.UserWithTeam \(db/users.go:107\) reads users by key without filtering deleted rows, and this call neither checks the row's deleted_at nor passes the key of a live row`
	if err != nil {
		return
	}
	w.Write([]byte(team))
}
