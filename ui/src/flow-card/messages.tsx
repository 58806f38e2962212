import { useOryFlow, type OryMessageContentProps } from "@ory/elements-react";
import { DefaultMessage } from "@ory/elements-react/theme";
import { noticeFor } from "./parts";
import { ElementsWords } from "./elements-words";

/** Elements' message, with Hera's words where Kratos's would mislead (the account page, the second factor). */
export function HeraMessage({ message }: OryMessageContentProps) {
  const { flowType, flow } = useOryFlow();
  const notice = noticeFor(message, flowType === "registration" ? "registration" : "login", flow);
  return notice ? <ElementsWords>{notice}</ElementsWords> : <DefaultMessage message={message} />;
}
