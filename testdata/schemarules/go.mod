module example.com/schemarules

go 1.26.0
