module example.com/intent

go 1.22
