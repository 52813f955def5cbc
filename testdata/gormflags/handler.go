package gormflags

import "gorm.io/gorm"

// DeleteFlag deletes a flag (a soft delete: Flag has gorm.Model's
// DeletedAt) and detaches its tags, which deletes links, not tags.
func DeleteFlag(db *gorm.DB, id uint) error {
	return db.Transaction(func(tx *gorm.DB) error {
		f := &Flag{}
		if err := tx.First(f, id).Error; err != nil {
			return err
		}
		if err := tx.Model(f).Association("Tags").Clear(); err != nil {
			return err
		}
		return tx.Delete(&Flag{}, id).Error
	})
}

// Untag detaches one tag from a flag.
func Untag(db *gorm.DB, f *Flag, t *Tag) error {
	return db.Model(f).Association("Tags").Delete(t)
}
