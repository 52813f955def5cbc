module example.com/quotedcolumn

go 1.22
