// An integrator's Go app behind Hera: every page asks Kratos who the browser is.
package main

import (
	"encoding/json"
	"fmt"
	"html/template"
	"log"
	"net/http"
	"net/url"
	"os"
	"time"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

var (
	port = env("APP_PORT", "3003")
	hera = env("HERA_ORIGIN", "http://localhost:4455")
	// The origin routes GET /sessions/whoami to Kratos; on a private network ask Kratos directly.
	kratos = env("KRATOS_PUBLIC_URL", hera)

	client = &http.Client{
		Timeout: 5 * time.Second,
		// Whoami never redirects: a redirect is something in between, and not an answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
)

type session struct {
	AAL      string `json:"authenticator_assurance_level"`
	Identity struct {
		ID     string `json:"id"`
		Traits struct {
			Email string `json:"email"`
		} `json:"traits"`
	} `json:"identity"`
}

type verdict int

const (
	signedIn verdict = iota
	signedOut
	secondStep
	unavailable
)

func whoami(cookie string) (verdict, *session, error) {
	req, err := http.NewRequest(http.MethodGet, kratos+"/sessions/whoami", nil)
	if err != nil {
		return unavailable, nil, err
	}
	req.Header.Set("Accept", "application/json")
	// Only the Cookie header: the session is all Kratos needs, and nothing else of the browser's leaks.
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := client.Do(req)
	if err != nil {
		return unavailable, nil, err
	}
	defer res.Body.Close()
	switch res.StatusCode {
	case http.StatusOK:
		var s session
		if err := json.NewDecoder(res.Body).Decode(&s); err != nil || s.Identity.ID == "" {
			return unavailable, nil, fmt.Errorf("whoami's session unreadable: %v", err)
		}
		return signedIn, &s, nil
	case http.StatusUnauthorized:
		return signedOut, nil, nil
	case http.StatusForbidden:
		// 403 also covers other refusals; only this one means "take the second step".
		var body struct {
			Error struct {
				ID string `json:"id"`
			} `json:"error"`
		}
		if json.NewDecoder(res.Body).Decode(&body) == nil && body.Error.ID == "session_aal2_required" {
			return secondStep, nil, nil
		}
	}
	return unavailable, nil, fmt.Errorf("whoami answered %d", res.StatusCode)
}

// html/template escapes every value by where it lands (text, attribute, URL).
var page = template.Must(template.New("page").Parse(`<!doctype html><meta charset="utf-8"><title>Example app (Go)</title><h1>Example app (Go)</h1>
<p>Signed in as <strong id="email">{{.Email}}</strong></p>
<p>Identity <code id="user">{{.ID}}</code>, assurance level <span id="aal">{{.AAL}}</span>, path <code id="path">{{.Path}}</code></p>
<p><a id="account" href="{{.Account}}">Your account</a> · <a id="sign-out" href="{{.SignOut}}">Sign out</a></p>
`))

func handle(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	// Behind a TLS proxy this is the proxy's scheme to set; r.Host is the browser's host.
	here := url.QueryEscape(scheme + "://" + r.Host + r.URL.RequestURI())
	// Personal pages and redirects that depend on the session must never be cached.
	w.Header().Set("Cache-Control", "no-store")
	v, s, err := whoami(r.Header.Get("Cookie"))
	switch v {
	case signedOut:
		http.Redirect(w, r, hera+"/login?return_to="+here, http.StatusSeeOther)
	case secondStep:
		http.Redirect(w, r, hera+"/self-service/login/browser?aal=aal2&return_to="+here, http.StatusSeeOther)
	case unavailable:
		// Fail closed: an unknown answer is never a session. The reason goes to the log, not the page.
		log.Printf("whoami failed: %v", err)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><title>Sign-in unavailable</title><p>The sign-in service is not answering; try again.</p>`)
	case signedIn:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		err := page.Execute(w, map[string]string{
			"Email": s.Identity.Traits.Email, "ID": s.Identity.ID, "AAL": s.AAL, "Path": r.URL.RequestURI(),
			"Account": hera + "/self-service/settings/browser?return_to=" + here, "SignOut": hera + "/logout?return_to=" + here,
		})
		if err != nil {
			log.Printf("rendering the page: %v", err)
		}
	}
}

func main() {
	addr := "127.0.0.1:" + port
	log.Printf("Go example on http://%s", addr)
	log.Fatal(http.ListenAndServe(addr, http.HandlerFunc(handle)))
}
