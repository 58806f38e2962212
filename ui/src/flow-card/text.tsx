import type { OryNodeTextProps } from "@ory/elements-react";
import { getOryComponents } from "@ory/elements-react/theme";
import { useIntl } from "react-intl";

const defaults = getOryComponents();

/**
 * Kratos's text nodes. The authenticator app's secret is for typing into an app by hand:
 * Elements shows it in a disabled field, cut off on a phone and hard to select; Hera
 * shows all of it, in groups of four, selectable.
 */
export function HeraText(props: OryNodeTextProps) {
  const { node } = props;
  const intl = useIntl();
  if (node.attributes.id === "totp_secret_key") {
    const secret = node.attributes.text.text;
    return (
      <div className="hera-field">
        <span className="hera-label-row">
          <span>{intl.formatMessage({ id: "hera.card.totp_secret" })}</span>
        </span>
        <code className="hera-secret" data-testid="hera/totp-secret" aria-label={secret}>
          {secret.match(/.{1,4}/g)?.join(" ")}
        </code>
        <span className="hera-small-link">{intl.formatMessage({ id: "hera.card.totp_secret_hint" })}</span>
      </div>
    );
  }
  const Default = defaults.Node.Text;
  return <Default {...props} />;
}
