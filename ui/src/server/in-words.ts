import { UAParser } from "ua-parser-js";

/** How pages and emails say Kratos's facts to a person. */

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "22 Nov 2026, 10:04 UTC": a Kratos timestamp as pages and emails say it. */
export function readableTime(iso: string | Date | undefined): string {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : "";
}

/** "Chrome 156 on Linux": the browser and system a user agent names, as a person says them. */
export function deviceOf(userAgent: string): string {
  // An empty string would make the parser read the environment's own user agent.
  if (!userAgent.trim()) return "An unknown device";
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = [browser.name, browser.major].filter(Boolean).join(" ");
  const system = [os.name, os.version].filter(Boolean).join(" ");
  if (!name && !system) return "An unknown device";
  return name && system ? `${name} on ${system}` : name || system;
}
