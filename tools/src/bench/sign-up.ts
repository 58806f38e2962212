import { Cookies } from "./measure";

export type FlowJson = {
  id: string;
  state?: string;
  ui: { nodes: { attributes: { name?: string; value?: unknown } }[]; messages?: { id: number; text: string }[] };
};

/** The flow's CSRF token, which every submission carries back. */
export const csrfOf = (flow: FlowJson) => String(flow.ui.nodes.find((n) => n.attributes.name === "csrf_token")?.attributes.value ?? "");

/**
 * How one sign-up ended: a session, or the step that failed and what the server said.
 * `retryable`: the server said to try again shortly (503 with Retry-After), which a person
 * does by pressing the button again.
 */
export type SignUpResult =
  { ok: true; ms: number } | { ok: false; ms: number; step: string; status: number; detail: string; retryable: boolean; emailAsked: boolean };

/**
 * One person's sign-up through the origin, as Ory Elements' JSON requests make it: start a
 * sign-up flow, give the address, read the code from the email, send it; then whoami must
 * name the session. Every request carries this client's cookies (CSRF, session).
 */
export async function signUp(
  origin: string,
  email: string,
  codeFor: (email: string) => Promise<string | undefined>,
  timeoutMs = 60_000,
): Promise<SignUpResult> {
  const started = performance.now();
  const cookies = new Cookies();
  let emailAsked = false;
  const fail = async (step: string, res: Response | undefined, detail = ""): Promise<SignUpResult> => ({
    ok: false,
    ms: performance.now() - started,
    step,
    status: res?.status ?? 0,
    detail: detail || (res ? (await res.text()).slice(0, 300) : ""),
    retryable: res?.status === 503 && Number(res.headers.get("retry-after")) > 0,
    emailAsked,
  });
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${origin}${path}`, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: { Accept: "application/json", Cookie: cookies.header(), ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
    });
    cookies.take(res);
    return res;
  };
  try {
    const start = await call("/self-service/registration/browser");
    if (start.status !== 200) return fail("start", start);
    const flow = (await start.json()) as FlowJson;
    const asked = await call(`/self-service/registration?flow=${flow.id}`, {
      method: "POST",
      body: JSON.stringify({ method: "code", csrf_token: csrfOf(flow), traits: { email } }),
    });
    // Kratos answers a browser flow's JSON request that moved on with the flow (400).
    const sent = (await asked.json().catch(() => undefined)) as FlowJson | undefined;
    if (sent?.state !== "sent_email") return fail("address", asked, JSON.stringify(sent ?? {}).slice(0, 300));
    emailAsked = true;
    const code = await codeFor(email);
    if (!code) return fail("email", undefined, "no code in the email");
    const done = await call(`/self-service/registration?flow=${flow.id}`, {
      method: "POST",
      body: JSON.stringify({ method: "code", csrf_token: csrfOf(sent), code, traits: { email } }),
    });
    // 200 with the identity, or Kratos's 422 "redirect the browser" to where it lands.
    if (done.status !== 200 && done.status !== 422) return fail("code", done);
    await done.arrayBuffer();
    const whoami = await call("/sessions/whoami");
    if (whoami.status !== 200) return fail("session", whoami);
    await whoami.arrayBuffer();
    return { ok: true, ms: performance.now() - started };
  } catch (err) {
    return fail("network", undefined, (err as Error).message);
  }
}

/** Runs `count` sign-ups, `concurrency` at a time; resolves with each result in order. */
export async function signUps(count: number, concurrency: number, one: (i: number) => Promise<SignUpResult>): Promise<SignUpResult[]> {
  const results: SignUpResult[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await one(i);
      }
    }),
  );
  return results;
}

/**
 * What the inbox says of a run's sign-ups: addresses whose code was sent and never arrived,
 * addresses with more than one email, and the unexpected failures counted by reason.
 */
export function outcomes(
  results: SignUpResult[],
  address: (i: number) => string,
  emailsTo: (address: string) => number,
  expected: (r: Extract<SignUpResult, { ok: false }>) => boolean = () => false,
) {
  let lost = 0;
  let duplicated = 0;
  const reasons: Record<string, number> = {};
  results.forEach((r, i) => {
    const n = emailsTo(address(i));
    if (n > 1) duplicated++;
    if (n === 0 && (r.ok || r.emailAsked)) lost++;
    if (!r.ok && !expected(r)) {
      const reason = `${r.step} ${r.status}: ${r.detail.slice(0, 120)}`;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    }
  });
  return { lost, duplicated, reasons };
}
