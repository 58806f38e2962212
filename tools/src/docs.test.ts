import GithubSlugger from "github-slugger";
import { marked, type Tokens } from "marked";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The docs are read by people who copy their links and commands: a link to a moved file, a
// heading renamed under its anchor, or a make target that no longer exists fails here
// rather than in front of a newcomer.
const root = path.resolve(__dirname, "..", "..");
const docs = [
  "README.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  ...readdirSync(path.join(root, "examples"))
    .map((d) => `examples/${d}/README.md`)
    .filter((f) => existsSync(path.join(root, f))),
];

// marked.walkTokens visits nested tokens too (a link inside a list item inside a table cell).
const tokensOf = (file: string) => marked.lexer(readFileSync(path.join(root, file), "utf8"));

/** The anchors GitHub gives a document's headings. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  marked.walkTokens(tokensOf(file), (t) => {
    if (t.type === "heading") anchors.add(slugger.slug((t as Tokens.Heading).text.replace(/`/g, "")));
  });
  return anchors;
}

/** Links written in Markdown and in the README's few HTML tags (its pictures). */
function linksOf(file: string): string[] {
  const links: string[] = [];
  marked.walkTokens(tokensOf(file), (t) => {
    if (t.type === "link" || t.type === "image") links.push((t as Tokens.Link).href);
    if (t.type === "html") for (const m of (t as Tokens.HTML).text.matchAll(/\b(?:src|href)="([^"]+)"/g)) links.push(m[1]!);
  });
  return links;
}

/**
 * The commands a reader would type: code blocks without their comments, whole; inline code
 * as far as its first word after `make` (it may go on in words, "make dev writes …").
 */
function codeOf(file: string): { text: string; block: boolean }[] {
  const code: { text: string; block: boolean }[] = [];
  marked.walkTokens(tokensOf(file), (t) => {
    if (t.type === "code") code.push({ text: (t as Tokens.Code).text.replace(/(^|\s)#.*$/gm, ""), block: true });
    if (t.type === "codespan") code.push({ text: (t as Tokens.Codespan).text, block: false });
  });
  return code;
}

const makeTargets = new Set([...readFileSync(path.join(root, "Makefile"), "utf8").matchAll(/^([a-z][a-z0-9-]*):/gm)].map((m) => m[1]!));

/** The npm scripts a document's commands may run: the root's, and its own folder's (an example's). */
const npmScriptsFor = (file: string) =>
  new Set(
    [root, path.join(root, path.dirname(file))]
      .map((dir) => path.join(dir, "package.json"))
      .filter(existsSync)
      .flatMap((p) => Object.keys(JSON.parse(readFileSync(p, "utf8")).scripts ?? {})),
  );

describe.each(docs)("%s", (file) => {
  it("links only to files that exist, and to headings they have", () => {
    const broken: string[] = [];
    for (const href of linksOf(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // another site, mailto:
      const [target = "", anchor] = href.split("#");
      const resolved = target === "" ? path.join(root, file) : path.resolve(root, path.dirname(file), decodeURIComponent(target));
      if (!existsSync(resolved)) {
        broken.push(`${href}: no such file`);
        continue;
      }
      if (anchor && statSync(resolved).isFile() && resolved.endsWith(".md")) {
        if (!anchorsOf(path.relative(root, resolved)).has(anchor)) broken.push(`${href}: no heading with that anchor`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("names only make targets and npm scripts that exist", () => {
    const missing: string[] = [];
    const npmScripts = npmScriptsFor(file);
    for (const { text, block } of codeOf(file)) {
      for (const m of text.matchAll(/(?:^|[\s;&|(`])make ((?:[a-z][a-z0-9-]*[ \t]*)+)/gm)) {
        const targets = m[1]!.trim().split(/\s+/);
        for (const target of block ? targets : targets.slice(0, 1)) if (!makeTargets.has(target)) missing.push(`make ${target}`);
      }
      for (const m of text.matchAll(/\bnpm run ([a-z][a-z0-9:-]*)/g)) if (!npmScripts.has(m[1]!)) missing.push(`npm run ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
