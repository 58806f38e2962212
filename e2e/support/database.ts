import { spawnSync } from "node:child_process";
import path from "node:path";
import { cleanupKratos, sqliteDsn } from "../../tools/src/stack";
import { database, root, stacks, type StackName } from "./stacks";

const postgres = process.env.E2E_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432";

/** A stack's Kratos database, as its Kratos reaches it (stacks.ts gives each its own). */
function dsnOf(which: StackName): string {
  const s = stacks[which];
  return database === "postgres" ? `${postgres}/${s.database}?sslmode=disable` : sqliteDsn(sqliteFile(which));
}

const sqliteFile = (which: StackName) => path.join(root, ".data", stacks[which].name, "kratos.sqlite");

/** One SQL statement on a stack's Kratos database (psql or sqlite3); its rows, a line each. */
export function sql(which: StackName, statement: string): string {
  const run =
    database === "postgres"
      ? spawnSync("psql", [`${postgres}/${stacks[which].database}`, "-At", "-v", "ON_ERROR_STOP=1", "-c", statement], { encoding: "utf8" })
      : spawnSync("sqlite3", ["-cmd", ".timeout 5000", sqliteFile(which), statement], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${statement}: ${run.error?.message ?? run.stderr}`);
  return run.stdout.trim();
}

/** The bytes the database holds, tables and indexes: the pages it has written. */
export function databaseBytes(which: StackName): number {
  return Number(
    sql(
      which,
      database === "postgres"
        ? "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        : "SELECT sum(pgsize) FROM dbstat",
    ),
  );
}

/** Kratos's cleanup (`kratos cleanup sql`), as make dev and compose run it on a schedule. */
export function kratosCleanup(which: StackName): Promise<void> {
  return cleanupKratos(root, path.join(root, ".data", stacks[which].name), "development", dsnOf(which));
}
