import nodemailer, { type Transporter } from "nodemailer";

/**
 * An SMTP transport from a URL in Kratos's own form: smtp://user:pass@host:port/ uses
 * STARTTLS when the server offers it (required unless ?disable_starttls=true), smtps://
 * is TLS from the first byte.
 */
export function smtpTransport(url: URL): Transporter {
  const secure = url.protocol === "smtps:";
  const noTls = url.searchParams.get("disable_starttls") === "true";
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    ignoreTLS: noTls,
    requireTLS: !secure && !noTls,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // Kept connections: Kratos's courier hands over one message at a time and waits for
    // each, so a new connection per email (TCP, greeting, TLS, login) paced every sign-up.
    pool: true,
    maxConnections: 3,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
}
