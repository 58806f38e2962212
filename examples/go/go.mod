module hera.example/go-app

go 1.23
