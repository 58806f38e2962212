/**
 * What a browser could read as another site in a URL Hera is asked to send it to: a
 * backslash ("/\evil.example" is "//evil.example" to a browser), whitespace, control
 * characters. The account page's Back link and the language form's way back share it.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
export const misreadable = /[\\\s\u0000-\u001f\u007f]/;

/** A path on this origin, as a browser reads it: "/…", never "//…", nothing misreadable. */
export function isPlainPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !misreadable.test(value);
}
