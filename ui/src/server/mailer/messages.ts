import { z } from "zod";

/**
 * What Kratos's courier posts to Hera (kratos/courier.jsonnet): the template type and
 * Kratos's template model, as Kratos v1.3.1 fills it for this configuration.
 */
const email = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, "is not an email address");
const code = z.string().regex(/^[0-9]{4,12}$/, "is not a code");
const transientPayload = z.record(z.string(), z.unknown()).nullish();

export const courierMessage = z.discriminatedUnion("template_type", [
  z.object({
    template_type: z.literal("login_code_valid"),
    recipient: email,
    template_data: z.object({ to: email, login_code: code, request_url: z.string().optional(), transient_payload: transientPayload }),
  }),
  z.object({
    template_type: z.literal("registration_code_valid"),
    recipient: email,
    template_data: z.object({ to: email, registration_code: code, request_url: z.string().optional(), transient_payload: transientPayload }),
  }),
  z.object({
    template_type: z.literal("verification_code_valid"),
    recipient: email,
    template_data: z.object({ to: email, verification_code: code, verification_url: z.string().optional(), transient_payload: transientPayload }),
  }),
  z.object({
    template_type: z.literal("verification_code_invalid"),
    recipient: email,
    template_data: z.object({ to: email, transient_payload: transientPayload }),
  }),
]);

export type CourierMessage = z.infer<typeof courierMessage>;
export type TemplateType = CourierMessage["template_type"];
export const templateTypes = courierMessage.options.map((o) => o.shape.template_type.value) as TemplateType[];

/** The one-time code a message carries, if any. */
export function codeOf(message: CourierMessage): string | undefined {
  const data = message.template_data as Record<string, unknown>;
  return (data.login_code ?? data.registration_code ?? data.verification_code) as string | undefined;
}
