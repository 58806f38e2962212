// The body of Kratos's after-registration web_hook to Hera (POST /internal/sign-up): who
// signed up, for the audit line, the account's sign-in history (a sign-up opens its first
// session) and the operator's identity.signed_up event; nothing more (no cookies, no
// credentials). Caddy sets True-Client-Ip to the client's address.
local header(ctx, name) =
  local values = std.get(ctx.request_headers, name, []);
  if std.length(values) > 0 then values[0] else '';

function(ctx) {
  flow_id: ctx.flow.id,
  identity_id: ctx.identity.id,
  email: ctx.identity.traits.email,
  ip: header(ctx, 'True-Client-Ip'),
  user_agent: header(ctx, 'User-Agent'),
}
