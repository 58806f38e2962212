import type { CourierMessage } from "./messages";
import { isCanonicalId } from "../kratos/ids";

/**
 * The link in a sign-in or sign-up email. Kratos gives templates no flow id, so Hera's
 * form sends it along as the transient payload (`flow_id`); without it the email carries
 * the code alone. The link opens the flow page with the code, where Kratos's CSRF cookie
 * decides: the browser that asked finishes the sign-in, any other gets the code to type.
 */
export function linkFor(message: CourierMessage, code: string | undefined, origin: URL): string | undefined {
  const flowId = message.template_data.transient_payload?.flow_id;
  if (!code || !isCanonicalId(flowId)) return undefined;
  const page = message.template_type === "login_code_valid" ? "/login" : message.template_type === "registration_code_valid" ? "/registration" : undefined;
  if (!page) return undefined;
  const url = new URL(page, origin);
  url.searchParams.set("flow", flowId);
  url.searchParams.set("code", code);
  return url.toString();
}
