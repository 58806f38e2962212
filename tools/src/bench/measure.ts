import { readFileSync } from "node:fs";

/** The value below which `p` of the sorted samples fall (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export const median = (samples: number[]) => percentile(samples, 0.5);

/** CPU seconds (user and system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * A process's resident memory in MB, from /proc: all of it (VmRSS), or only the pages of
 * mapped files (RssFile: LMDB's file, shared and the kernel's to drop when memory is short).
 */
export function residentMb(pid: number, which: "VmRSS" | "RssFile" = "VmRSS"): number {
  const kb = Number(new RegExp(`^${which}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
  return kb / 1024;
}

/** A cookie jar of one client: what Set-Cookie said last, sent back on every request. */
export class Cookies {
  private readonly jar = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}
