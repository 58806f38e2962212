// An integrator's Express app behind Hera: every page asks Kratos who the browser is.
import express from "express";

const port = Number(process.env.APP_PORT || 3002);
const hera = process.env.HERA_ORIGIN || "http://localhost:4455";
// The origin routes GET /sessions/whoami to Kratos; on a private network ask Kratos directly.
const kratos = process.env.KRATOS_PUBLIC_URL || hera;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function whoami(cookie) {
  try {
    // Only the Cookie header: the session is all Kratos needs, and nothing else of the browser's leaks.
    const res = await fetch(`${kratos}/sessions/whoami`, {
      headers: { Accept: "application/json", ...(cookie ? { Cookie: cookie } : {}) },
      redirect: "manual",
      signal: AbortSignal.timeout(5_000),
    });
    if (res.status === 200) {
      const session = await res.json();
      // A session without an identity is not one: fail here, not half-way through the page.
      if (typeof session?.identity?.id === "string") return { state: "signed in", session };
    }
    if (res.status === 401) return { state: "signed out" };
    // 403 also covers other refusals; only this one means "take the second step".
    if (res.status === 403 && (await res.json().catch(() => ({})))?.error?.id === "session_aal2_required") return { state: "second step" };
    return { state: "unavailable", why: `whoami answered ${res.status}` };
  } catch (error) {
    return { state: "unavailable", why: error.cause?.code ?? error.message };
  }
}

const app = express();
app.disable("x-powered-by");

app.use(async (req, res) => {
  // Without trust proxy, req.protocol is this server's own scheme: set it behind a TLS proxy.
  const here = `${req.protocol}://${req.get("host")}${req.originalUrl}`;
  const verdict = await whoami(req.get("cookie"));
  // Personal pages and redirects that depend on the session must never be cached.
  res.set("Cache-Control", "no-store");
  switch (verdict.state) {
    case "signed out":
      return res.redirect(303, `${hera}/login?return_to=${encodeURIComponent(here)}`);
    case "second step":
      return res.redirect(303, `${hera}/self-service/login/browser?aal=aal2&return_to=${encodeURIComponent(here)}`);
    case "unavailable":
      // Fail closed: an unknown answer is never a session. The reason goes to the log, not the page.
      console.error(`whoami failed: ${verdict.why}`);
      return res
        .status(502)
        .type("html")
        .send(`<!doctype html><meta charset="utf-8"><title>Sign-in unavailable</title><p>The sign-in service is not answering; try again.</p>`);
  }
  const { identity, authenticator_assurance_level: aal } = verdict.session;
  const email = identity.traits?.email ?? "";
  res
    .type("html")
    .send(
      `<!doctype html><meta charset="utf-8"><title>Example app (Express)</title><h1>Example app (Express)</h1>` +
        `<p>Signed in as <strong id="email">${escape(email)}</strong></p>` +
        `<p>Identity <code id="user">${escape(identity.id)}</code>, assurance level <span id="aal">${escape(aal)}</span>, path <code id="path">${escape(req.originalUrl)}</code></p>` +
        `<p><a id="account" href="${escape(`${hera}/self-service/settings/browser?return_to=${encodeURIComponent(here)}`)}">Your account</a>` +
        ` · <a id="sign-out" href="${escape(`${hera}/logout?return_to=${encodeURIComponent(here)}`)}">Sign out</a></p>`,
    );
});

app.listen(port, "127.0.0.1", (error) => {
  if (error) throw error;
  console.log(`Express example on http://127.0.0.1:${port}`);
});
