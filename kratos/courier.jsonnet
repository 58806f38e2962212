// The body Kratos's courier posts to Hera's /internal/courier for every message.
// Hera renders email-templates/ with Kratos's template model and sends it by SMTP.
function(ctx) {
  recipient: ctx.recipient,
  template_type: ctx.template_type,
  template_data: ctx.template_data,
}
