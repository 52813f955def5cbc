package store

import "net/http"

// Handlers delete the post the request names: nothing says it is live.
func (s *Store) Handlers(w http.ResponseWriter, r *http.Request) { // want Handlers:`writes\(posts:id\)`
	_ = s.DeletePost(r.URL.Query().Get("id"))
	_ = s.RemovePost(r.URL.Query().Get("id"))
}
