/**
 * What a browser could read as another site in a URL Hera is asked to send it to: a
 * backslash ("/\evil.example" is "//evil.example" to a browser), whitespace, control
 * characters. The account page's Back link, the language form's way back and sign-out's
 * way back share it.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
export const misreadable = /[\\\s\u0000-\u001f\u007f]/;

/** A path on this origin, as a browser reads it: "/…", never "//…", nothing misreadable. */
export function isPlainPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !misreadable.test(value);
}

/**
 * A return URL Hera may send a browser to, or undefined: Hera's own origin, or under an
 * allowed return URL (HERA_ALLOWED_RETURN_URLS, as Kratos matches them: same origin, path
 * prefix). Kratos accepts some relative values that a browser resolves to another site
 * ("/\evil.example" is "//evil.example" to a browser), so Hera reads it itself: only an
 * absolute http(s) URL or a plain path, no backslash, no whitespace, no credentials.
 */
export function allowedReturnTo(returnTo: string | undefined, origin: URL, allowed: readonly URL[]): URL | undefined {
  if (!returnTo || misreadable.test(returnTo)) return undefined;
  if (!/^https?:\/\//i.test(returnTo) && !isPlainPath(returnTo)) return undefined;
  if (!URL.canParse(returnTo, origin)) return undefined;
  const to = new URL(returnTo, origin);
  if (to.username || to.password) return undefined;
  if (to.origin === origin.origin) return to;
  return allowed.some((a) => a.origin === to.origin && to.pathname.startsWith(a.pathname)) ? to : undefined;
}
