import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test, type Hera } from "../support/hera";
import { addAuthenticator } from "../support/account";
import { createIdentity, startFlow } from "../support/kratos";
import { dataDirOf, root } from "../support/stacks";

// hera-admin, the operator's command line (docs/operate.md), as
// built (ui/dist/server/admin.js) and run against the main stack with the settings its
// Hera runs with (the launcher's hera.env). Its stdin is no terminal, as in a script.

type AuditLine = { event?: string; identity_id?: string; operator?: string };
type Run = { code: number | null; out: string; err: string };

function heraAdmin(...args: string[]): Promise<Run> {
  const settings = path.join(dataDirOf("main"), "hera.env");
  const child = spawn(process.execPath, ["--", path.join(root, "ui/dist/server/admin.js"), "--env-file", settings, "--operator", "e2e", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out: out.trim(), err })));
}

/** The run's one audit line for `command` (JSON on stderr, among Hera's other log lines); no line names an address. */
function auditOf(run: Run, command: string, ...addresses: string[]): AuditLine {
  const lines = run.err
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as AuditLine)
    .filter((l) => l.event?.startsWith("admin."));
  expect(lines).toEqual([expect.objectContaining({ event: `admin.${command}`, operator: "e2e" })]);
  for (const address of addresses) expect(run.err.toLowerCase(), "an address in hera-admin's log lines").not.toContain(address.toLowerCase());
  return lines[0]!;
}

/** The person's own email about a change, found by its subject. */
async function mailAbout(hera: Hera, to: string, subject: RegExp) {
  await expect
    .poll(async () => (await fetch(`${hera.mailWeb}/email`).then((r) => r.json())) as { subject: string; to: { address: string }[] }[])
    .toContainEqual(expect.objectContaining({ subject: expect.stringMatching(subject), to: [expect.objectContaining({ address: to })] }));
}

test("find and show an account; removing its second factors signs it out, tells the person, and the email alone signs in", async ({ page, hera }) => {
  const email = hera.newEmail("admin-factors");
  await hera.signUp(page, email);
  await addAuthenticator(hera, page);
  const id = (await (await hera.whoami(page.request)).json()).identity.id as string;

  const found = await heraAdmin("find", email.toUpperCase());
  expect(found.code, found.err).toBe(0);
  expect(found.out).toBe(`${id}  ${email}  active`);
  const shown = await heraAdmin("show", email, "--json");
  expect(shown.code, shown.err).toBe(0);
  expect(JSON.parse(shown.out)).toMatchObject({ id, address: email, verified: true, state: "active", second_factors: [{ type: "totp" }], active_sessions: 1 });

  const removed = await heraAdmin("remove-second-factors", id, "--yes");
  expect(removed.code, removed.err).toBe(0);
  expect(removed.out).toContain(`Removed Authenticator app from ${email}`);
  expect(auditOf(removed, "remove-second-factors", email).identity_id).toBe(id);
  expect((await hera.whoami(page.request)).status()).toBe(401);
  await mailAbout(hera, email, /^Second factors removed/);
  const again = await heraAdmin("remove-second-factors", id, "--yes");
  expect(again.code).toBe(1);
  expect(again.err).toContain(`${email} (id ${id}) has no second factor.`);

  // Kratos no longer asks this account for a second step.
  await hera.requestCode(page, "login", email);
  expect(await hera.submitCode(page, await hera.codeFor(email, 3))).toBe("accepted");
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test("a disabled account cannot sign in, and can again once enabled", async ({ page, hera }) => {
  const email = hera.newEmail("admin-disable");
  await createIdentity(hera.kratosAdmin, email);
  const disabled = await heraAdmin("disable", email, "--yes");
  expect(disabled.code, disabled.err).toBe(0);
  const id = auditOf(disabled, "disable", email).identity_id!;

  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email, 1));
  // Kratos refuses the session of a disabled identity once the code is right: Hera says why.
  await expect(page).toHaveURL(/\/error\?id=/);
  await expect(page.getByTestId("hera/message")).toContainText("This account is disabled, so it cannot sign in.");
  expect((await hera.whoami(page.request)).status()).toBe(401);

  const enabled = await heraAdmin("enable", id, "--yes");
  expect(enabled.code, enabled.err).toBe(0);
  expect(auditOf(enabled, "enable", email).identity_id).toBe(id);
  await hera.requestCode(page, "login", email);
  expect(await hera.submitCode(page, await hera.codeFor(email, 2))).toBe("accepted");
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test("changing an account's address: the old one is told, the new one signs in; signing out ends its sessions", async ({ page, hera }) => {
  const from = hera.newEmail("admin-from");
  const to = hera.newEmail("admin-to");
  const taken = hera.newEmail("admin-taken");
  await createIdentity(hera.kratosAdmin, from);
  await createIdentity(hera.kratosAdmin, taken);
  const refused = await heraAdmin("change-address", from, taken, "--yes");
  expect(refused.code).toBe(1);
  expect(refused.err).toContain(`Another account signs in with ${taken}: nothing changed.`);

  const changed = await heraAdmin("change-address", from, to, "--yes", "--json");
  expect(changed.code, changed.err).toBe(0);
  const result = JSON.parse(changed.out);
  expect(result).toMatchObject({ done: "change-address", from, to, emailed: true });
  expect(auditOf(changed, "change-address", from, to).identity_id).toBe(result.identity_id);
  await mailAbout(hera, from, /address was changed$/);
  expect((await heraAdmin("find", from)).code).toBe(1);

  await hera.requestCode(page, "login", to);
  expect(await hera.submitCode(page, await hera.codeFor(to, 1))).toBe("accepted");
  const session = await (await hera.whoami(page.request)).json();
  expect([session.identity.id, session.identity.traits.email]).toEqual([result.identity_id, to]);

  const signedOut = await heraAdmin("sign-out", to, "--yes");
  expect(signedOut.code, signedOut.err).toBe(0);
  expect(signedOut.out).toContain("Sessions ended: 1.");
  expect(auditOf(signedOut, "sign-out", to).identity_id).toBe(result.identity_id);
  expect((await hera.whoami(page.request)).status()).toBe(401);
});

/** One code request for `email` from a fresh client (address-limit.spec.ts's way). */
async function requestCode(hera: Hera, email: string): Promise<void> {
  const { ctx, flow, csrf } = await startFlow(hera.origin, "login");
  await ctx.post(`${hera.origin}/self-service/login?flow=${flow.id}`, {
    headers: { Accept: "application/json" },
    data: { method: "code", identifier: email, csrf_token: csrf },
  });
  await ctx.dispose();
}

test("clearing an address's limits lets it be sent a code again", async ({ hera }) => {
  const email = hera.newEmail("admin-limits");
  await createIdentity(hera.kratosAdmin, email);
  for (let nth = 1; nth <= 3; nth++) {
    await requestCode(hera, email);
    await hera.mail(email, nth);
  }
  // The fourth is past HERA_EMAILS_PER_ADDRESS (3 in 15 minutes): nothing goes.
  await requestCode(hera, email);
  await new Promise((r) => setTimeout(r, 2_500));
  expect(await hera.mailCountFor(email)).toBe(3);

  const cleared = await heraAdmin("clear-limits", email, "--yes");
  expect(cleared.code, cleared.err).toBe(0);
  expect(auditOf(cleared, "clear-limits", email)).toHaveProperty("address_key");
  await requestCode(hera, email);
  await hera.mail(email, 4);
});

test("deleting an account: refused with nobody to confirm it, done with --yes, and the person gets the goodbye", async ({ hera }) => {
  const email = hera.newEmail("admin-delete");
  await createIdentity(hera.kratosAdmin, email);
  const refused = await heraAdmin("delete", email);
  expect(refused.code).toBe(2);
  expect(refused.err).toContain("add --yes");
  expect((await heraAdmin("find", email)).code).toBe(0);

  const deleted = await heraAdmin("delete", email, "--yes");
  expect(deleted.code, deleted.err).toBe(0);
  auditOf(deleted, "delete", email);
  const gone = await heraAdmin("find", email);
  expect(gone.code).toBe(1);
  expect(gone.err).toContain(`No account signs in with ${email}.`);
  await mailAbout(hera, email, /account is deleted$/);
});
