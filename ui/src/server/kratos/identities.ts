import { ResponseError, type IdentityApi } from "@ory/client-fetch";
import { decoyAddress } from "../flow/decoy";

/**
 * What Hera asks Kratos's admin API (never routed by Caddy): does an address have an
 * account, and the decoy identity that codes for addresses without one are sent to.
 */
export class Identities {
  private decoy?: Promise<void>;

  constructor(
    private readonly api: IdentityApi,
    private readonly schemaId: string,
  ) {}

  /** Whether an identity signs in with a code sent to this address (as the address rule wrote it). */
  async exists(address: string): Promise<boolean> {
    const found = await this.api.listIdentities({ credentialsIdentifier: address, pageSize: 1 });
    return found.length > 0;
  }

  /** Resolves once the decoy identity exists; a failure is retried by the next caller. */
  decoyReady(): Promise<void> {
    this.decoy ??= this.ensureDecoy().catch((err) => {
      this.decoy = undefined;
      throw err;
    });
    return this.decoy;
  }

  /**
   * Creates the decoy identity if it is missing. It is inactive: even a guessed code for
   * it cannot open a session.
   */
  async ensureDecoy(): Promise<void> {
    if (await this.exists(decoyAddress)) return;
    try {
      await this.api.createIdentity({ createIdentityBody: { schema_id: this.schemaId, traits: { email: decoyAddress }, state: "inactive" } });
    } catch (err) {
      // Another Hera process created it first.
      if (err instanceof ResponseError && err.response.status === 409) return;
      throw err;
    }
  }
}
