// Next.js 16's proxy (the file Next 15 called middleware.ts): every page asks Kratos who the
// browser is before it renders, and learns the answer from request headers set here.
import { NextResponse, type NextRequest } from "next/server";

type Session = { authenticator_assurance_level: string; identity: { id: string; traits?: { email?: string } } };

export async function proxy(request: NextRequest) {
  // Read at run time (the proxy runs on Node.js), so one build serves every deployment.
  const hera = process.env.HERA_ORIGIN || "http://localhost:4455";
  // The origin routes GET /sessions/whoami to Kratos; on a private network ask Kratos directly.
  const kratos = process.env.KRATOS_PUBLIC_URL || hera;
  const here = request.url;

  let res: Response;
  try {
    // Only the Cookie header: the session is all Kratos needs, and nothing else of the browser's leaks.
    const cookie = request.headers.get("cookie");
    res = await fetch(`${kratos}/sessions/whoami`, {
      headers: { Accept: "application/json", ...(cookie ? { Cookie: cookie } : {}) },
      redirect: "manual",
      cache: "no-store",
      signal: AbortSignal.timeout(5_000),
    });
    if (res.status === 200) {
      const session = (await res.json()) as Partial<Session> | null;
      // A session without an identity is not one: fail here, not half-way through the page.
      if (typeof session?.identity?.id !== "string") return unavailable("whoami answered 200 without an identity");
      // The page trusts these headers because they are set here on every request, replacing
      // whatever the browser sent under the same names. Values must be ASCII; an address need not be.
      const headers = new Headers(request.headers);
      headers.set("x-hera-identity-id", session.identity.id);
      headers.set("x-hera-email", encodeURIComponent(session.identity.traits?.email ?? ""));
      headers.set("x-hera-aal", session.authenticator_assurance_level ?? "");
      headers.set("x-hera-url", here);
      return NextResponse.next({ request: { headers } });
    }
  } catch (error) {
    return unavailable((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
  }
  if (res.status === 401) return redirect(`${hera}/login?return_to=${encodeURIComponent(here)}`);
  // 403 also covers other refusals; only this one means "take the second step".
  const body = res.status === 403 ? ((await res.json().catch(() => ({}))) as { error?: { id?: string } }) : {};
  if (body.error?.id === "session_aal2_required") return redirect(`${hera}/self-service/login/browser?aal=aal2&return_to=${encodeURIComponent(here)}`);
  return unavailable(`whoami answered ${res.status}`);
}

function redirect(to: string) {
  // Where the browser goes depends on its session: never cache it.
  return NextResponse.redirect(to, { status: 303, headers: { "Cache-Control": "no-store" } });
}

function unavailable(why: string) {
  // Fail closed: an unknown answer is never a session. The reason goes to the log, not the page.
  console.error(`whoami failed: ${why}`);
  return new NextResponse(`<!doctype html><meta charset="utf-8"><title>Sign-in unavailable</title><p>The sign-in service is not answering; try again.</p>`, {
    status: 502,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export const config = {
  // Every page, but not the build's own files, which hold nothing personal.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
