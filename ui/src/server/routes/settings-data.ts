import type { Express, Response } from "express";
import type { Deps } from "../deps";
import { accountForm, onKratosRefusal } from "../http/account";
import { sessionOf } from "../http/signed-in";
import { formToken } from "../http/form-token";
import { textOf } from "../http/language";
import { isPrivileged, reauthenticate } from "../http/privileged";
import { showMessage } from "../http/message-page";
import { addressOf } from "../account/identity";
import { accountData } from "../account/export";
import { deleteAccount } from "../account/deletion";
import { canonicalAddress } from "../gate/address";
import { defaultLanguage, isLanguage } from "../../i18n/languages";
import type { TextKey } from "../../i18n/translator";

/**
 * GET /settings/export: "Download my data", a JSON file (account/export.ts).
 * GET and POST /settings/delete: deleting the account (account/deletion.ts), inside the
 * privileged window and once the person has typed their address: a button alone is one
 * stray tap from losing an account. signedIn() (app.ts) has judged the session.
 */
export function registerSettingsData(app: Express, deps: Deps): void {
  app.get("/settings/export", async (req, res, next) => {
    try {
      const data = await accountData(deps, sessionOf(res).identity!.id);
      const day = data.exported_at.slice(0, 10);
      res
        .attachment(`${slug(deps.config.productName)}-account-${day}.json`)
        .type("application/json")
        .send(JSON.stringify(data, null, 2));
    } catch (err) {
      await onKratosRefusal(deps, err, req, res, next);
    }
  });

  app.get("/settings/delete", (_req, res) => {
    if (!isPrivileged(deps, sessionOf(res))) return reauthenticate(deps, res, "/settings/delete");
    showDeleteForm(deps, res, 200);
  });

  app.post("/settings/delete", ...accountForm(deps), async (req, res, next) => {
    const session = sessionOf(res);
    if (!isPrivileged(deps, session)) return reauthenticate(deps, res, "/settings/delete");
    const email = addressOf(session.identity!);
    const typed = canonicalAddress(String((req.body as Record<string, unknown>).confirm ?? ""));
    if (typed !== email.toLowerCase()) return showDeleteForm(deps, res, 400, "page.delete.mismatch");
    try {
      const lang = textOf(res).lang;
      await deleteAccount(deps, session.identity!.id, { by: "self", lang: isLanguage(lang) ? lang : defaultLanguage });
    } catch (err) {
      return await onKratosRefusal(deps, err, req, res, next);
    }
    // Kratos deleted the session with the identity; the browser's cookie names nothing now.
    res.clearCookie("ory_kratos_session", { path: "/" });
    showMessage(res, 200, { heading: "page.deleted.heading", body: "page.deleted.body", action: { href: "/registration", label: "page.deleted.action" } });
  });
}

function showDeleteForm(deps: Deps, res: Response, status: number, error?: TextKey): void {
  const session = sessionOf(res);
  const text = textOf(res);
  res.status(status).render("delete", {
    title: text.t("page.delete.title"),
    email: addressOf(session.identity!),
    error: error && text.t(error),
    formToken: formToken(deps.config.deviceSecret, session.id),
  });
}

/** "My Product" → "my-product": a file name every system accepts. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "account"
  );
}
