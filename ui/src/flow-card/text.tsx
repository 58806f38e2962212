import type { OryNodeTextProps } from "@ory/elements-react";
import { getOryComponents } from "@ory/elements-react/theme";

const defaults = getOryComponents();

/**
 * Kratos's text nodes. The authenticator app's secret is for typing into an app by hand:
 * Elements shows it in a disabled field, cut off on a phone and hard to select; Hera
 * shows all of it, in groups of four, selectable.
 */
export function HeraText(props: OryNodeTextProps) {
  const { node } = props;
  if (node.attributes.id === "totp_secret_key") {
    const secret = node.attributes.text.text;
    return (
      <div className="hera-field">
        <span className="hera-label-row">
          <span>{node.meta.label?.text ?? "Authenticator secret"}</span>
        </span>
        <code className="hera-secret" data-testid="hera/totp-secret" aria-label={secret}>
          {secret.match(/.{1,4}/g)?.join(" ")}
        </code>
        <span className="hera-small-link">Can't scan? Type this key into the app.</span>
      </div>
    );
  }
  const Default = defaults.Node.Text;
  return <Default {...props} />;
}
