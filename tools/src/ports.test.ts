import net from "node:net";
import { describe, expect, it } from "vitest";
import { firstBusyPort, shiftedPorts } from "./ports";

describe("ports", () => {
  it("finds the port that something else already listens on", async () => {
    const ports = shiftedPorts(17_500);
    expect(await firstBusyPort(ports)).toBeUndefined();
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(ports.kratosAdmin, "127.0.0.1", r));
    try {
      expect(await firstBusyPort(ports)).toBe("kratosAdmin");
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });
});
