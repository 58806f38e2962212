/**
 * docker-compose.yml's one-shot preflight: in production mode, refuses to let the stack
 * start while a secret is missing or a development default, naming each. Every other
 * service waits for it to exit 0 (depends_on: service_completed_successfully).
 */
import { productionProblems } from "./production";

const mode = process.env.HERA_ENV ?? "development";
if (mode !== "development" && mode !== "production") {
  process.stderr.write(`HERA_ENV must be "development" or "production", not "${mode}".\n`);
  process.exit(2);
}
if (mode === "production") {
  const problems = productionProblems(process.env);
  if (problems.length) {
    process.stderr.write(`Production mode refuses to start:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write("Production settings checked: every secret is set and none is a development default.\n");
} else {
  process.stdout.write("Development mode: marked development secrets in use (never for production).\n");
}
