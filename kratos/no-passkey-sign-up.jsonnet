// Sign-up is by email code only: the code proves the address before an account exists.
// A passkey sign-up would make an account for an address nobody proved (someone else's),
// which its owner would later sign in to beside the stranger's passkey. Hera's gate
// refuses it first; this template is the lock inside Kratos, for any request that does
// not pass through Hera: it never produces a body, and its error refuses the sign-up
// before the identity is stored (can_interrupt).
function(ctx) error 'Sign up with your email address; add a passkey on your account page afterwards.'
