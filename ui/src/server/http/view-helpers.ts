import Handlebars from "handlebars";
import type { TextKey, Translator } from "../../i18n/translator";

type HelperOptions = { hash: Record<string, unknown>; data: { root: { text: Translator } } };

/**
 * The views' words, from the page's translator (http/language.ts):
 * - `{{t "key" name=value}}` a sentence, escaped like any value;
 * - `{{rich "key" name=value testid="..."}}` one whose `<b>` part is the page's bold
 *   fact (the address), its values escaped first. The catalogue holds no other markup
 *   (i18n.test.ts), so the rest is text.
 */
export const viewHelpers = {
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  eq: (a: unknown, b: unknown) => a === b,
  t: (key: TextKey, options: HelperOptions) => options.data.root.text.t(key, options.hash),
  rich: (key: TextKey, options: HelperOptions) => {
    const { testid, ...values } = options.hash;
    const escaped = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Handlebars.escapeExpression(String(value ?? ""))]));
    const id = typeof testid === "string" ? ` data-testid="${Handlebars.escapeExpression(testid)}"` : "";
    const html = options.data.root.text.rich(key, escaped, { b: (chunks) => `<strong dir="auto"${id}>${chunks.join("")}</strong>` });
    return new Handlebars.SafeString(html);
  },
};
