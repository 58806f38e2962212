import { start } from "./stacks";
import { webhookSecret, webhookUrl } from "./webhooks";

/**
 * Starts the main stack once for the whole suite and stops it afterwards. Its Hera sends
 * signed events to webhookUrl (e2e/tests/webhooks.spec.ts listens there; for the other
 * tests nothing does, and Hera's retries find no one).
 */
export default async function globalSetup() {
  const stack = await start("main", [], { HERA_WEBHOOK_URL: webhookUrl, HERA_WEBHOOK_SECRET: webhookSecret });
  return async () => {
    await stack.stop();
  };
}
