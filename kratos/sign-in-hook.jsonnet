// The body of Kratos's after-login web_hook to Hera (POST /internal/sign-in): what the
// sign-in alert and the audit line need, nothing more (no cookies, no credentials).
// Kratos forwards only allow-listed request headers; Caddy sets True-Client-Ip to the
// client's address, so a client cannot choose it.
local header(ctx, name) =
  local values = std.get(ctx.request_headers, name, []);
  if std.length(values) > 0 then values[0] else '';

// Alerts go only to an address someone proved: by the code of this very sign-in, or by
// an earlier one. `error 'cancel'` is Kratos's way for a body template to send nothing.
local proved(ctx) =
  ctx.flow.active == 'code' || std.length([a for a in std.get(ctx.identity, 'verifiable_addresses', []) if a.verified]) > 0;

function(ctx) if !proved(ctx) then error 'cancel' else {
  flow_id: ctx.flow.id,
  requested_aal: ctx.flow.requested_aal,
  refresh: ctx.flow.refresh,
  method: ctx.flow.active,
  identity_id: ctx.identity.id,
  email: ctx.identity.traits.email,
  session_id: ctx.session.id,
  aal: ctx.session.authenticator_assurance_level,
  authenticated_at: ctx.session.authenticated_at,
  ip: header(ctx, 'True-Client-Ip'),
  user_agent: header(ctx, 'User-Agent'),
  // The alert's language when the sign-in sent no code (a passkey); Hera prefers the
  // language the flow's code was asked in.
  accept_language: header(ctx, 'Accept-Language'),
}
