import { readFileSync } from "node:fs";
import path from "node:path";

export type Assets = { script: string; styles: string[] };

const entry = "src/client/main.tsx";

/** The hydration bundle's file names, from the manifest Vite writes at build time. */
export function loadAssets(clientDir: string): Assets {
  const manifestPath = path.join(clientDir, ".vite", "manifest.json");
  let manifest: Record<string, { file: string; css?: string[] }>;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    throw new Error(`The UI bundle is missing (${manifestPath}); run \`npm run build -w ui\` first.`);
  }
  const chunk = manifest[entry];
  if (!chunk) throw new Error(`The UI bundle's manifest has no entry for ${entry}; rebuild the UI.`);
  return { script: `/assets/${path.basename(chunk.file)}`, styles: (chunk.css ?? []).map((f) => `/assets/${path.basename(f)}`) };
}
