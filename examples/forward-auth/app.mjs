// The integrator's app: it knows nothing about sign-in. Caddy (./Caddyfile) lets a request
// through only with a Kratos session and names the identity in X-User-Id.
import http from "node:http";

const port = Number(process.env.APP_PORT ?? 3001);
const hera = process.env.HERA_ORIGIN ?? "http://localhost:4455";
const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

http
  .createServer((req, res) => {
    const user = req.headers["x-user-id"];
    if (typeof user !== "string") {
      // Only reachable around Caddy: never trust a request without it.
      res.writeHead(401, { "Content-Type": "text/plain" }).end("Not signed in\n");
      return;
    }
    res
      .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
      .end(
        `<!doctype html><title>Example app</title><h1>Example app</h1>` +
          `<p>Signed in as identity <code id="user">${escape(user)}</code> (path ${escape(req.url ?? "/")})</p>` +
          `<p><a id="sign-out" href="${escape(hera)}/logout">Sign out</a></p>`,
      );
  })
  .listen(port, "127.0.0.1", () => console.log(`example app on 127.0.0.1:${port}`));
