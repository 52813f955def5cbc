module example.com/sqlcgen

go 1.26.0
