package libs

// Goqu is github.com/doug-martin/goqu/v9; its expression types live in
// the exp package.
var Goqu = &Library{
	Name:    "goqu",
	Paths:   []string{GoquPath, GoquPath + "/exp"},
	Setters: []string{"Set"},
	Tables:  []string{"Update", "From", "Table"},
	Records: []string{"Record"},
}

// GoquPath is goqu's import path.
const GoquPath = "github.com/doug-martin/goqu/v9"
