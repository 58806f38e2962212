const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "22 Nov 2026, 10:04 UTC": a Kratos timestamp as pages and emails say it. */
export function readableTime(iso: string | Date | undefined): string {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : "";
}
