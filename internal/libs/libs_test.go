package libs

import (
	"reflect"
	"testing"
)

func TestNames(t *testing.T) {
	for _, tc := range []struct{ in, gorm, bun string }{
		{"DeletedAt", "deleted_at", "deleted_at"},
		{"IsDeleted", "is_deleted", "is_deleted"},
		{"DeletedAtUTC", "deleted_at_utc", "deleted_at_utc"},
		{"Deleted", "deleted", "deleted"},
		{"UserID", "user_id", "user_id"},
		{"HTTPServer", "http_server", "http_server"},
		{"OrderItem", "order_item", "order_item"},
	} {
		if got := Gorm.ORM.Name(tc.in); got != tc.gorm {
			t.Errorf("gorm name of %s = %s, want %s", tc.in, got, tc.gorm)
		}
		if got := Bun.ORM.Name(tc.in); got != tc.bun {
			t.Errorf("bun name of %s = %s, want %s", tc.in, got, tc.bun)
		}
	}
	for in, want := range map[string]string{"OrderItem": "order_items", "Person": "people", "Category": "categories", "Status": "statuses"} {
		if got := Gorm.ORM.Table(in); got != want {
			t.Errorf("gorm table of %s = %s, want %s", in, got, want)
		}
	}
}

func TestColumn(t *testing.T) {
	for _, tc := range []struct {
		orm        *ORM
		tag, field string
		want       string
	}{
		{Gorm.ORM, "", "DeletedAt", "deleted_at"},
		{Gorm.ORM, "column:removed_at;index", "DeletedAt", "removed_at"},
		{Gorm.ORM, "index;COLUMN:removed_at", "DeletedAt", "removed_at"},
		{Gorm.ORM, "column:", "DeletedAt", "deleted_at"},
		{Bun.ORM, ",soft_delete,nullzero", "DeletedAt", "deleted_at"},
		{Bun.ORM, "removed_at,soft_delete", "DeletedAt", "removed_at"},
		{Bun.ORM, `"removed_at",soft_delete`, "DeletedAt", "removed_at"},
		{Bun.ORM, "type:timestamptz", "DeletedAt", "deleted_at"},
	} {
		if got := tc.orm.Column(tc.tag, tc.field); got != tc.want {
			t.Errorf("%s column of %s `%s` = %s, want %s", tc.orm.Tag, tc.field, tc.tag, got, tc.want)
		}
	}
}

func TestSoftDelete(t *testing.T) {
	if sd, ok := Gorm.ORM.SoftDeleteType(GormPath, "DeletedAt"); !ok || sd.Live != " IS NULL" {
		t.Errorf("gorm.DeletedAt: %v %v", sd, ok)
	}
	if sd, ok := Gorm.ORM.SoftDeleteType("example.com/app/vendor/"+GormSoftDeletePath, "DeletedAt"); !ok || sd.Live != " = 0" {
		t.Errorf("vendored soft_delete.DeletedAt: %v %v", sd, ok)
	}
	if _, ok := Gorm.ORM.SoftDeleteType("time", "Time"); ok {
		t.Error("time.Time is a soft-delete type")
	}
	if !Bun.ORM.SoftDeleteTagged(",soft_delete,nullzero") || Bun.ORM.SoftDeleteTagged("deleted_at,nullzero") || Gorm.ORM.SoftDeleteTagged("soft_delete") {
		t.Error("SoftDeleteTagged")
	}
}

// TestLibraries checks what every reader relies on: names and paths are
// unique, and an ORM says how it names columns.
func TestLibraries(t *testing.T) {
	names, paths := map[string]bool{}, map[string]bool{}
	for _, l := range All {
		if l.Name == "" || names[l.Name] || len(l.Paths) == 0 {
			t.Errorf("library %q: empty or repeated name, or no path", l.Name)
		}
		names[l.Name] = true
		for _, p := range l.Paths {
			if paths[p] {
				t.Errorf("%s: path %s repeated", l.Name, p)
			}
			paths[p] = true
		}
		if o := l.ORM; o != nil && (o.Tag == "" || o.Sep == "" || o.Name == nil || o.Column == nil) {
			t.Errorf("%s: incomplete ORM", l.Name)
		}
	}
}

// TestGormUniqueKeys: the unique keys of gorm's tag syntax, as
// AutoMigrate reads them; plain and expression-less indexes are none.
func TestGormUniqueKeys(t *testing.T) {
	for tag, want := range map[string][]GormKey{
		"uniqueIndex":                               {{Priority: 10}},
		"column:email;uniqueIndex:idx_email":        {{Name: "idx_email", Priority: 10}},
		"uniqueIndex:,where:deleted_at is NULL":     {{Where: "deleted_at is NULL", Priority: 10}},
		"unique;not null":                           {{Constraint: true, Priority: 10}},
		"index:idx_pair,unique,priority:2":          {{Name: "idx_pair", Priority: 2}},
		"index:idx_pair,class:UNIQUE":               {{Name: "idx_pair", Priority: 10}},
		"uniqueIndex:idx_lower,expression:lower(x)": {{Name: "idx_lower", Priority: 10, Expression: true}},
		"index":                       nil,
		"index:idx_plain,where:x > 0": nil,
		"uniqueness":                  nil,
	} {
		if got := GormUniqueKeys(tag); !reflect.DeepEqual(got, want) {
			t.Errorf("GormUniqueKeys(%q) = %+v, want %+v", tag, got, want)
		}
	}
	if got := GormKeyName(GormKey{Constraint: true}, "users", "email"); got != "uni_users_email" {
		t.Errorf("constraint name %q", got)
	}
	if got := GormKeyName(GormKey{}, "users", "email"); got != "idx_users_email" {
		t.Errorf("index name %q", got)
	}
}
