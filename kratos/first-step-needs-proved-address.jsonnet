// Kratos's second after-login hook, for every method: a passkey signs in without an
// email, so it may only sign in to an account whose address someone proved with a code.
// The template never produces a body: `error 'cancel'` lets the sign-in go on without a
// request, any other error refuses it (can_interrupt). An identity made some other way
// (before this lock, or through the admin API) signs in by email code first, which
// proves its address; docs/security.md, "Accounts made before the passkey lock", says what to check.
local proved(identity) =
  std.length([a for a in std.get(identity, 'verifiable_addresses', []) if a.verified]) > 0;

function(ctx)
  if ctx.flow.active != 'passkey' || proved(ctx.identity) then error 'cancel'
  else error 'This account has not proved its email address yet: sign in with an email code first.'
