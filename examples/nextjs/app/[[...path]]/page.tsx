import { headers } from "next/headers";

// Every path renders this page; proxy.ts has already asked Kratos and named the person in
// request headers of its own (it replaces any the browser sent under those names).
export default async function Page() {
  const h = await headers();
  const id = h.get("x-hera-identity-id");
  const url = h.get("x-hera-url");
  // Only reachable around the proxy (a matcher that skips this path): never trust that.
  if (!id || !url) throw new Error("proxy.ts did not run for this path");
  const email = decodeURIComponent(h.get("x-hera-email") ?? "");
  const hera = process.env.HERA_ORIGIN || "http://localhost:4455";
  const { pathname, search } = new URL(url);
  // React escapes every value below.
  return (
    <main>
      <h1>Example app (Next.js)</h1>
      <p>
        Signed in as <strong id="email">{email}</strong>
      </p>
      <p>
        Identity <code id="user">{id}</code>, assurance level <span id="aal">{h.get("x-hera-aal")}</span>, path <code id="path">{pathname + search}</code>
      </p>
      <p>
        <a id="account" href={`${hera}/self-service/settings/browser?return_to=${encodeURIComponent(url)}`}>
          Your account
        </a>{" "}
        ·{" "}
        <a id="sign-out" href={`${hera}/logout?return_to=${encodeURIComponent(url)}`}>
          Sign out
        </a>
      </p>
    </main>
  );
}
