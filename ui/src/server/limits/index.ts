import type { Config } from "../config";
import type { Store } from "./store";
import { FlowRecords, ResendCooldown, UsedFlows, WrongCodes } from "./flows";
import { EmailsPerAddress, NewestEmails } from "./addresses";
import { DeviceCookies } from "./device";

/** Everything Hera's limits remember, over one store. */
export type Limits = {
  cooldown: ResendCooldown;
  wrongCodes: WrongCodes;
  usedFlows: UsedFlows;
  flows: FlowRecords;
  emails: EmailsPerAddress;
  newest: NewestEmails;
  devices: DeviceCookies;
};

export function createLimits(store: Store, config: Config): Limits {
  return {
    cooldown: new ResendCooldown(store, config.resendCooldownSeconds),
    wrongCodes: new WrongCodes(store),
    usedFlows: new UsedFlows(store),
    flows: new FlowRecords(store),
    emails: new EmailsPerAddress(store, config.emailsPerAddress, config.emailWindowMs),
    newest: new NewestEmails(store),
    devices: new DeviceCookies(config.deviceSecret, config.env === "production"),
  };
}
