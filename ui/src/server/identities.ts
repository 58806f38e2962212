import { Configuration, IdentityApi } from "@ory/client";
import { isAxiosError } from "axios";
import { decoyAddress } from "./decoy";

/**
 * What Hera asks Kratos's admin API (never routed by Caddy): does an address have an
 * account, and the decoy identity that codes for addresses without one are sent to.
 */
export class Identities {
  private readonly api: IdentityApi;
  private decoy?: Promise<void>;

  constructor(
    kratosAdminUrl: string,
    private readonly schemaId: string,
  ) {
    this.api = new IdentityApi(new Configuration({ basePath: kratosAdminUrl }));
  }

  /** Whether an identity signs in with a code sent to this address. */
  async exists(address: string): Promise<boolean> {
    const { data } = await this.api.listIdentities({ credentialsIdentifier: address.trim().toLowerCase(), pageSize: 1 });
    return data.length > 0;
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
      if (isAxiosError(err) && err.response?.status === 409) return;
      throw err;
    }
  }
}
