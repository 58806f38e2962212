import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The parts of a V8 CPU profile (.cpuprofile) this reads. */
type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
};

/**
 * Where a process's CPU went, by part: each package under node_modules, Hera's server
 * bundle (Hera with Ory Elements inside it), Node's own modules (http, net, streams),
 * and V8's work outside any script (garbage collection, compiling). Self time only.
 */
export function cpuByPart(dir: string): { part: string; ms: number; share: number }[] {
  const totals = new Map<string, number>();
  let all = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const partOf = new Map(profile.nodes.map((n) => [n.id, part(n.callFrame)]));
    profile.samples.forEach((id, i) => {
      const p = partOf.get(id)!;
      if (p === "(idle)") return;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      totals.set(p, (totals.get(p) ?? 0) + ms);
      all += ms;
    });
  }
  return [...totals].map(([p, ms]) => ({ part: p, ms, share: all ? ms / all : 0 })).sort((a, b) => b.ms - a.ms);
}

function part({ functionName, url }: { functionName: string; url: string }): string {
  if (!url) return functionName === "(idle)" ? "(idle)" : `V8: ${functionName || "(anonymous)"}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith("node:")) return `Node: ${url.replace(/^node:(internal\/)?/, "").split("/")[0]}`;
  if (url.includes("ui/dist/server/")) return "Hera's server bundle (with Ory Elements)";
  return url;
}
