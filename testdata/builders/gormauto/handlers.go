package gormauto

import "gorm.io/gorm"

// Store deletes the service's models through gorm, which soft-deletes
// those with a gorm.DeletedAt: their unique keys outlive the rows.
type Store struct{ db *gorm.DB }

func New(db *gorm.DB) *Store { return &Store{db: db} }

func (s *Store) DeleteAccount(id uint) error { return s.db.Delete(&Account{}, id).Error }

func (s *Store) RemoveProvider(domain string) error {
	return s.db.Where("domain = ?", domain).Delete(&Provider{}).Error
}

func (s *Store) Leave(team, account uint) error {
	return s.db.Model(&Membership{}).Where("team_id = ? AND account_id = ?", team, account).Delete(nil).Error
}

func (s *Store) RetirePlan(id uint) error { return s.db.Delete(&Plan{}, id).Error }

func (s *Store) EndSession(id uint) error { return s.db.Delete(&Session{}, id).Error }

func (s *Store) Unlabel(id uint) error { return s.db.Delete(&Label{}, id).Error }
