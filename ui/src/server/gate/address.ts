import { z } from "zod";

/**
 * The one address rule. An address is looked up, counted, remembered and handed to Kratos
 * as exactly the string this returns: printable ASCII, an `@` and a dot in the domain
 * (zod's email rule), at most 254 characters, in lower case (Kratos lower-cases email
 * identifiers too). Spaces and tabs at either end, which a phone keyboard or a paste adds,
 * are dropped; anything else that is not printable ASCII (a zero-width space, a
 * byte-order mark, a look-alike letter) makes the address invalid rather than being
 * trimmed away, because Go's and JavaScript's ideas of white space differ.
 */
const emailRule = z.email().max(254);
const printableAscii = /^[\x21-\x7e]+$/;

export function canonicalAddress(typed: string): string | undefined {
  const address = typed.replace(/^[ \t]+|[ \t]+$/g, "");
  if (!printableAscii.test(address) || !emailRule.safeParse(address).success) return undefined;
  return address.toLowerCase();
}
