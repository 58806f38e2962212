package main

import "net/http"

// Kratos's access log redacts a request's query but prints the response's headers, and
// its answer to a lookup by address (GET /admin/identities?credentials_identifier=…, Hera's
// "does this address have an account?") carries the address back in a pagination Link
// header. A lookup is never paged (Hera asks for one result), so the header is dropped
// before Kratos logs the response, and the address never reaches the log.
func withoutAddressInLink(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
	if !r.URL.Query().Has("credentials_identifier") {
		next(w, r)
		return
	}
	next(&linkless{ResponseWriter: w}, r)
}

// linkless removes Link as the status line is written: the header map it edits is the
// one the access log reads once the handler returns.
type linkless struct{ http.ResponseWriter }

func (l *linkless) WriteHeader(status int) {
	l.Header().Del("Link")
	l.ResponseWriter.WriteHeader(status)
}

func (l *linkless) Write(b []byte) (int, error) {
	l.Header().Del("Link")
	return l.ResponseWriter.Write(b)
}
