package libs

// Squirrel is github.com/Masterminds/squirrel.
var Squirrel = &Library{
	Name:    "squirrel",
	Paths:   []string{"github.com/Masterminds/squirrel"},
	Setters: []string{"Set", "SetMap"},
	Tables:  []string{"Update", "Table", "Into"},
}
