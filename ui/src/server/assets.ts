import { readFileSync } from "node:fs";
import path from "node:path";

/** Each page's script and the styles every page shares, as Vite named them at build time. */
export type Assets = { scripts: Record<PageScript, string>; styles: string[] };

/**
 * The email and code steps' small script (sign-in.ts), or Ory Elements hydrated (elements.tsx:
 * the account page, the second-factor step).
 */
export type PageScript = "signIn" | "elements";

const entries: Record<PageScript, string> = { signIn: "src/client/sign-in.ts", elements: "src/client/elements.tsx" };

/** The bundle's file names, from the manifest Vite writes at build time. */
export function loadAssets(clientDir: string): Assets {
  const manifestPath = path.join(clientDir, ".vite", "manifest.json");
  let manifest: Record<string, { file: string; css?: string[] }>;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    throw new Error(`The UI bundle is missing (${manifestPath}); run \`npm run build -w ui\` first.`);
  }
  const chunkOf = (entry: string) => {
    const chunk = manifest[entry];
    if (!chunk) throw new Error(`The UI bundle's manifest has no entry for ${entry}; rebuild the UI.`);
    return chunk;
  };
  const asset = (file: string) => `/assets/${path.basename(file)}`;
  return {
    scripts: { signIn: asset(chunkOf(entries.signIn).file), elements: asset(chunkOf(entries.elements).file) },
    // Both entries import the same styles; the sign-in page's are the ones every page links.
    styles: (chunkOf(entries.signIn).css ?? []).map(asset),
  };
}
