/**
 * docker-compose.yml's one-shot preflight: refuses to let the stack start (the databases
 * included) while a setting is wrong, naming each: in production a secret missing or a
 * development default; in both modes the settings only compose has (compose.ts). Every
 * other service waits for it to exit 0 (depends_on: service_completed_successfully).
 */
import { composeNotices, composeProblems } from "./compose";
import { productionProblems } from "./production";

const mode = process.env.HERA_ENV ?? "development";
if (mode !== "development" && mode !== "production") {
  process.stderr.write(`HERA_ENV must be "development" or "production", not "${mode}".\n`);
  process.exit(2);
}
const problems = [...composeProblems(process.env), ...(mode === "production" ? productionProblems(process.env) : [])];
if (problems.length) {
  process.stderr.write(
    `Hera's preflight refuses to start ${mode === "production" ? "production" : "the stack"}:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`,
  );
  process.exit(1);
}
for (const notice of composeNotices(process.env)) process.stdout.write(`Notice: ${notice}.\n`);
process.stdout.write(
  mode === "production"
    ? "Production settings checked: every secret is set and none is a development default.\n"
    : "Development mode: marked development secrets in use (never for production).\n",
);
