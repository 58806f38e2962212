import { useOryFlow, type OryMessageContentProps } from "@ory/elements-react";
import { DefaultMessage } from "@ory/elements-react/theme";
import { Expired, TooManyAttempts, isExpired, isTooManyAttempts } from "./parts";

/** Elements' message, with Hera's words where Kratos's would mislead (the account page, the second factor). */
export function HeraMessage({ message }: OryMessageContentProps) {
  const { flowType, flow } = useOryFlow();
  if (isTooManyAttempts(message)) return <TooManyAttempts flowType={flowType === "registration" ? "registration" : "login"} flow={flow} />;
  if (isExpired(message)) return <Expired />;
  return <DefaultMessage message={message} />;
}
