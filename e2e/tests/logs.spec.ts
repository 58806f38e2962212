import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "../support/hera";
import { codeIn, type Mail } from "../support/mail";
import { dataDirOf } from "../support/stacks";

const addressAnywhere = /(@|%40|\\u0040)example\.test/i;

test("no code that was emailed, and no address, appears in any service's log", async ({ page, hera }) => {
  // At least one sign-up of its own, so the check never runs on an empty inbox.
  await hera.signUp(page, hera.newEmail("logs"));

  const mails = (await (await fetch(`${hera.mailWeb}/email`)).json()) as Mail[];
  // Every email that carries a code (Hera's notices carry none).
  const codes = mails.filter((m) => /^[ \t]*\d{6}[ \t]*$/m.test(m.text)).map(codeIn);
  expect(codes.length).toBeGreaterThan(0);
  // Every address the suite has sent to, as typed and as a URL carries it.
  const addresses = [...new Set(mails.flatMap((m) => m.to.map((t) => t.address.toLowerCase())))];
  expect(addresses.length).toBeGreaterThan(10);

  const logDir = path.join(dataDirOf("main"), "logs");
  // A stack started again keeps its previous logs beside the new ones: both are read.
  const logs = readdirSync(logDir).map((f) => ({ file: f, text: readFileSync(path.join(logDir, f), "utf8") }));
  expect(
    logs
      .map((l) => l.file)
      .filter((f) => !f.endsWith(".previous.log"))
      .sort(),
  ).toEqual(["caddy.log", "hera.log", "kratos.log", "mail.log"]);
  for (const { file, text } of logs) {
    expect(text.length, `${file} is empty`).toBeGreaterThan(0);
    // Whole numbers only: a timestamp may hold any six digits, and so may an id (a flow
    // id "7e493060-6fd2-..." once held a code's digits).
    const withoutIds = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<id>");
    for (const code of codes) expect(withoutIds, `code ${code} in ${file}`).not.toMatch(new RegExp(`(?<![0-9.])${code}(?![0-9])`));
    // Every address the suite typed is at example.test, also those never mailed (past a
    // limit, refused, a decoy's): none may be logged in any spelling.
    expect(text, `an address in ${file}`).not.toMatch(addressAnywhere);
    const lower = text.toLowerCase();
    for (const address of addresses) {
      for (const form of [address, encodeURIComponent(address), address.replace("@", "%40")])
        expect(lower.includes(form.toLowerCase()), `${form} in ${file}`).toBe(false);
    }
  }
});
