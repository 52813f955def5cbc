package main

import (
	"database/sql"
	"fmt"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/postgres"
)

type User struct {
	ID        int64
	Email     string
	Name      string
	TeamID    int64
	DeletedAt gorm.DeletedAt
}

type Order struct {
	gorm.Model
	UserID int64
	Total  float64
}

type Post struct {
	ID        int64
	Title     string
	DeletedAt *time.Time
}

type BUser struct {
	bun.BaseModel `bun:"table:users,alias:u"`
	ID        int64 `bun:",pk"`
	Email     string
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}
type BOrder struct {
	ID        int64 `bun:",pk"`
	UserID    int64
	User *BUser `bun:"rel:belongs-to,join:user_id=id"`
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

func main() {
	sqldb, _ := sql.Open("pgx", "host=localhost")
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: sqldb}), &gorm.Config{DryRun: true, DisableAutomaticPing: true, SkipDefaultTransaction: true})
	if err != nil { panic(err) }
	var us []User
	show := func(d *gorm.DB) { fmt.Println(d.Statement.SQL.String(), d.Error) }
	show(db.Where("name = ?", "x").Find(&us))
	show(db.Model(&User{}).Where("name = ?", "x").Find(&us))
	show(db.Unscoped().Find(&us))
	show(db.Table("users").Find(&us))
	show(db.Table("users u").Find(&us))
	var m []map[string]any
	show(db.Table("users").Find(&m))
	show(db.Find(&[]Order{}))
	show(db.Find(&[]Post{}))
	show(db.Delete(&User{}, 3))
	show(db.Unscoped().Delete(&User{}, 3))
	show(db.Model(&User{}).Where("id = ?", 1).Update("name", "y"))
	show(db.First(&User{}, 1))
	show(db.Joins("JOIN orders ON orders.user_id = users.id").Find(&us))
	show(db.Raw("SELECT 1").Scan(&m))
	show(db.Model(&User{}).Count(new(int64)))
	show(db.Select("id").Where(map[string]any{"name": "x"}).Find(&us))
	show(db.Where(&User{Name: "x"}).Find(&us))
	show(db.Create(&User{Name: "x"}))

	bdb := bun.NewDB(sqldb, pgdialect.New())
	var bus []BUser
	fmt.Println(bdb.NewSelect().Model(&bus).Where("email = ?", "x").String())
	fmt.Println(bdb.NewSelect().Model(&bus).WhereAllWithDeleted().String())
	fmt.Println(bdb.NewSelect().Model(&bus).WhereDeleted().String())
	fmt.Println(bdb.NewDelete().Model(&bus).Where("id = 1").String())
	fmt.Println(bdb.NewDelete().Model(&bus).Where("id = 1").ForceDelete().String())
	fmt.Println(bdb.NewUpdate().Model(&BUser{ID: 1}).Set("email = ?", "y").WherePK().String())
	var bos []BOrder
	fmt.Println(bdb.NewSelect().Model(&bos).Relation("User").String())
	fmt.Println(bdb.NewSelect().Model(&bos).Join("JOIN users AS x ON x.id = b_order.user_id").String())
	fmt.Println(bdb.NewSelect().Table("users").Column("id").String())

	g := goqu.Dialect("postgres")
	fmt.Println(g.From("users").Where(goqu.C("deleted_at").IsNull()).ToSQL())
	fmt.Println(g.From("users").Join(goqu.T("orders"), goqu.On(goqu.Ex{"orders.user_id": goqu.I("users.id")})).Where(goqu.Ex{"deleted_at": nil}).ToSQL())
	fmt.Println(goqu.From("users").ToSQL())
}
