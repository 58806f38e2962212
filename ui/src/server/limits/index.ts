import type { Config } from "../config";
import type { Store } from "./store";
import { FlowRecords, ResendCooldown, UsedFlows, WrongCodes } from "./flows";
import { EmailsPerAddress, NewestEmails } from "./addresses";
import { DeviceCookies } from "./device";
import { SignInAlerts } from "./alerts";
import { SignInHistory } from "./history";

/** Everything Hera's limits remember, over one store. */
export type Limits = {
  cooldown: ResendCooldown;
  wrongCodes: WrongCodes;
  usedFlows: UsedFlows;
  flows: FlowRecords;
  emails: EmailsPerAddress;
  newest: NewestEmails;
  devices: DeviceCookies;
  alerts: SignInAlerts;
  history: SignInHistory;
};

export function createLimits(store: Store, config: Config): Limits {
  const emails = new EmailsPerAddress(store, config.emailsPerAddress, config.emailWindowMs);
  return {
    cooldown: new ResendCooldown(store, config.resendCooldownSeconds),
    wrongCodes: new WrongCodes(store),
    usedFlows: new UsedFlows(store),
    flows: new FlowRecords(store),
    emails,
    newest: new NewestEmails(store),
    devices: new DeviceCookies(config.deviceSecret, config.env === "production"),
    alerts: new SignInAlerts(store, emails, config.alertDigestMs),
    history: new SignInHistory(store, config.historyRetentionMs),
  };
}
