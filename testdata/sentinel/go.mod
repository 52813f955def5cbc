module example.com/sentinel

go 1.26.0
