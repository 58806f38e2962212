import { createServer, type IncomingHttpHeaders } from "node:http";

/** Where the main stack's Hera posts its events (HERA_WEBHOOK_URL): a port free in every stack's layout. */
export const webhookPort = 11_081;
export const webhookUrl = `http://127.0.0.1:${webhookPort}/hera-events`;

/**
 * TEST VALUE, public in the repository: the main stack's HERA_WEBHOOK_SECRET, in Standard
 * Webhooks' form (whsec_ and base64 of 32 bytes, which spell what it is).
 */
export const webhookSecret = `whsec_${Buffer.from("hera-e2e-test-webhook-NOT-SECRET").toString("base64")}`;

/** One POST as the operator's app received it. */
export type Delivery = { at: number; path: string; headers: IncomingHttpHeaders; body: string; status: number };

/**
 * The operator's app on webhookPort: records every delivery, and answers 200 unless
 * `refuse` says otherwise for one (the test's way to make Hera try again).
 */
export async function webhookReceiver(refuse: (delivery: Omit<Delivery, "status">) => number | undefined = () => undefined) {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const delivery = { at: Date.now(), path: req.url ?? "", headers: req.headers, body };
      const status = refuse(delivery) ?? 200;
      deliveries.push({ ...delivery, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(webhookPort, "127.0.0.1", resolve);
  });
  return { deliveries, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
