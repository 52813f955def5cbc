module example.com/twocolumns

go 1.22
