import type { LoginFlow, RegistrationFlow, UiNode, UiNodeInputAttributes, UiNodeScriptAttributes, UiText } from "@ory/client-fetch";
import { addressAutocomplete, addressField, codeField, emailFields } from "./fields";
import { Fragment } from "react";
import { DifferentEmail, ResendButton, noticeFor } from "./parts";
import { WordsProvider } from "./words";
import type { TextKey, Translator } from "../i18n/translator";

/**
 * The sign-in and sign-up card's email and code steps: the page most people see, often on a
 * phone in a mail app's browser. It is a plain form rendered on the server and never
 * hydrated (client/sign-in.ts adds the little a form cannot do), so it is written without
 * Ory Elements: rendering Elements' card (its providers, forms and message catalogue) took
 * 1.3 ms of Hera's 3.1 ms of CPU per sign-in page; this card takes 0.05 ms. It uses
 * the class names of Elements' theme, whose stylesheet every page loads, so it looks like the
 * account page and the second-factor step, which hydrate Elements (FlowCard.tsx).
 */
export type SignInCardProps = {
  flowType: "login" | "registration";
  flow: LoginFlow | RegistrationFlow;
  productName: string;
  /** The page's language: Hera's words, and Kratos's messages by their ids. */
  text: Translator;
};

/**
 * What the page's script (client/sign-in.ts) reads from the page's data block: when "Resend
 * code" may go, and the passkey's WebAuthn calls Kratos names for page load and button press.
 */
export type SignInPageData = {
  resendAvailableAt?: number;
  triggers: { name: string; onclickTrigger?: string; onloadTrigger?: string }[];
};

/** The data block of a sign-in page, from the flow as the card shows it. */
export function signInPageData(flow: { ui: { nodes: UiNode[] } }, resendAvailableAt?: number): SignInPageData {
  const triggers = flow.ui.nodes.flatMap((node) => {
    const a = node.attributes as { name?: string; onclickTrigger?: string; onloadTrigger?: string };
    if (!a.name || !(a.onclickTrigger || a.onloadTrigger)) return [];
    return [
      { name: a.name, ...(a.onclickTrigger ? { onclickTrigger: a.onclickTrigger } : {}), ...(a.onloadTrigger ? { onloadTrigger: a.onloadTrigger } : {}) },
    ];
  });
  return { ...(resendAvailableAt ? { resendAvailableAt } : {}), triggers };
}

type InputNode = UiNode & { attributes: UiNodeInputAttributes };
const isInput = (node: UiNode): node is InputNode => node.type === "input";
const nameOf = (node: UiNode) => (isInput(node) ? node.attributes.name : undefined);
const isCodeField = (node: UiNode) => isInput(node) && node.group === "code" && node.attributes.name === "code";
const isResend = (node: UiNode) => isInput(node) && node.attributes.name === "resend";
const isPasskey = (node: UiNode) => node.group === "passkey" || node.group === "webauthn";

/** Kratos's "a code was sent" messages, which the card's header says in its own words. */
const codeSentMessages = new Set([1010014, 1040005, 1010025, 1040006]);

export function SignInCard({ flowType, flow, productName, text }: SignInCardProps) {
  const nodes = flow.ui.nodes;
  const codeStep = nodes.some(isCodeField);
  const refresh = flowType === "login" && Boolean((flow as LoginFlow).refresh);
  const address = codeStep ? addressOf(nodes) : undefined;
  const hasPasskey = nodes.some((n) => isPasskey(n) && isInput(n) && n.attributes.type === "button");
  const messages = (flow.ui.messages ?? []).filter((m) => !codeSentMessages.has(m.id));
  // The email code first, the passkey after it: a secondary way in.
  const shown = [...nodes.filter((n) => !isPasskey(n)), ...nodes.filter(isPasskey)].filter((n) => !isResend(n));
  return (
    <WordsProvider value={(key, values) => text.t(key, values)}>
      <div className="ory-elements">
        <div className="flex w-full flex-1 items-start justify-center font-sans-default sm:w-[480px] sm:max-w-[480px] sm:items-center">
          <div
            className="relative grid w-full grid-cols-1 gap-8 border-b border-form-border-default bg-form-background-default px-8 py-12 sm:rounded-cards sm:border sm:px-12 sm:py-14"
            data-testid="ory/card"
          >
            <header className="flex flex-col gap-8 antialiased">
              <h1 className="text-xl leading-normal font-semibold text-interface-foreground-default-primary">{productName}</h1>
              <div className="flex flex-col gap-2">
                <h2 className="text-lg leading-normal font-semibold text-interface-foreground-default-primary">{text.t(titleOf(flowType, refresh))}</h2>
                {/* After a code is sent, the code field has focus and this as its description, so a screen reader says where the code went. */}
                <p
                  className="leading-normal text-interface-foreground-default-secondary"
                  id={codeStep ? "hera-code-sent" : undefined}
                  role={codeStep ? "status" : undefined}
                >
                  {text.t(codeStep ? "card.code.sent" : introOf(flowType, refresh, hasPasskey))}
                </p>
                {address && <Address address={address} />}
              </div>
            </header>
            {messages.length > 0 && (
              <section className="text-start" id="hera-flow-messages">
                {messages.map((message) => (
                  <Fragment key={message.id}>{noticeFor(message, flowType, flow) ?? <Text message={message} text={text} />}</Fragment>
                ))}
              </section>
            )}
            <form noValidate className="grid gap-8" action={flow.ui.action} method={flow.ui.method}>
              <div className="grid grid-cols-1 gap-8">
                {shown.map((node, i) => (
                  <Node
                    key={`${nameOf(node) ?? node.type}-${i}`}
                    node={node}
                    flowType={flowType}
                    resend={codeStep ? nodes.find(isResend) : undefined}
                    text={text}
                    described={[codeStep ? "hera-code-sent" : "", messages.length > 0 ? "hera-flow-messages" : ""].filter(Boolean).join(" ")}
                  />
                ))}
              </div>
            </form>
            {!codeStep && <Footer flowType={flowType} flow={flow} refresh={refresh} text={text} />}
          </div>
        </div>
      </div>
    </WordsProvider>
  );
}

function titleOf(flowType: SignInCardProps["flowType"], refresh: boolean): TextKey {
  if (refresh) return "card.refresh.title";
  return flowType === "registration" ? "card.registration.title" : "card.login.title";
}

function introOf(flowType: SignInCardProps["flowType"], refresh: boolean, hasPasskey: boolean): TextKey {
  if (flowType === "registration") return "card.registration.intro";
  if (refresh) return hasPasskey ? "card.refresh.intro_passkey" : "card.refresh.intro";
  return hasPasskey ? "card.login.intro_passkey" : "card.login.intro";
}

/** The address the code went to (for a decoy flow, the one typed: flow/decoy.ts). */
function addressOf(nodes: UiNode[]): string | undefined {
  for (const node of nodes) {
    if (isInput(node) && emailFields.has(node.attributes.name) && typeof node.attributes.value === "string" && node.attributes.value)
      return node.attributes.value;
  }
  return undefined;
}

function Address({ address }: { address: string }) {
  return (
    <span
      className="inline-flex max-w-full items-center gap-1 self-start rounded-identifier border border-button-identifier-border-border-default bg-button-identifier-background-default px-[11px] py-[5px]"
      data-testid="hera/address"
      dir="ltr"
    >
      <span className="overflow-hidden text-sm font-medium text-nowrap text-ellipsis text-button-identifier-foreground-default">{address}</span>
    </span>
  );
}

/** Kratos's (or the gate's) message for a flow or a field, by its id in the page's language. */
function Text({ message, text }: { message: UiText; text: Translator }) {
  const error = message.type === "error";
  return (
    <span
      className={error ? "leading-normal text-interface-foreground-validation-danger" : "leading-normal text-interface-foreground-default-secondary"}
      role={error ? "alert" : undefined}
      data-testid={`ory/message/${message.id}`}
    >
      {text.message(message)}
    </span>
  );
}

type NodeProps = {
  node: UiNode;
  flowType: SignInCardProps["flowType"];
  resend?: UiNode;
  text: Translator;
  /** Ids of what describes the fields: the code's address, the flow's messages. */ described: string;
};

function Node({ node, flowType, resend, text, described }: NodeProps) {
  if (node.type === "script") return <Script attributes={node.attributes as UiNodeScriptAttributes} />;
  if (node.type === "text") {
    const message = (node.attributes as { text?: UiText }).text;
    return message ? <Text message={message} text={text} /> : null;
  }
  if (!isInput(node)) return null;
  const a = node.attributes;
  if (a.type === "hidden") return <input type="hidden" name={a.name} value={valueOf(a)} />;
  if (a.type === "submit" || a.type === "button") {
    const secondary = a.name === "screen" || isPasskey(node);
    return (
      <button
        type={a.type}
        name={a.name}
        value={valueOf(a)}
        disabled={a.disabled || undefined}
        className={secondary ? "hera-button hera-button-secondary" : "hera-button"}
      >
        {node.meta.label ? text.message(node.meta.label) : text.message({ id: 1070009, text: "Continue" })}
      </button>
    );
  }
  const code = isCodeField(node);
  const email = emailFields.has(a.name);
  const errorId = node.messages.length > 0 ? `${a.name}-messages` : "";
  const describedBy = [described, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="hera-field">
      <span className="hera-label-row">
        <label htmlFor={a.name} data-testid={`ory/form/node/input/label/${a.name}`}>
          {node.meta.label ? text.message(node.meta.label) : a.name}
        </label>
        {code && resend && <ResendButton />}
      </span>
      <input
        id={a.name}
        name={a.name}
        defaultValue={valueOf(a)}
        {...(code
          ? codeField
          : email
            ? { ...addressField, autoComplete: addressAutocomplete(a.autocomplete) }
            : { className: "hera-input", type: a.type, autoComplete: a.autocomplete, pattern: a.pattern })}
        disabled={a.disabled || undefined}
        required={a.required || undefined}
        maxLength={a.maxlength ?? (code ? 6 : undefined)}
        aria-describedby={describedBy}
        aria-invalid={node.messages.some((m) => m.type === "error") || undefined}
        // The code step's one job: the field is ready to type (or paste) into.
        autoFocus={code || undefined}
      />
      {code && <DifferentEmail flowType={flowType} />}
      {node.messages.length > 0 && (
        <span id={errorId} className="hera-field-messages">
          {node.messages.map((message) => (
            <Text key={message.id} message={message} text={text} />
          ))}
        </span>
      )}
    </div>
  );
}

const valueOf = (a: UiNodeInputAttributes): string => (a.value === undefined || a.value === null ? "" : String(a.value));

/** Kratos's WebAuthn script, which the passkey button and the address field's autofill call. */
function Script({ attributes: a }: { attributes: UiNodeScriptAttributes }) {
  return (
    <script
      id={a.id}
      src={a.src}
      type={a.type}
      async={a.async}
      integrity={a.integrity || undefined}
      crossOrigin={(a.crossorigin || undefined) as "anonymous" | undefined}
      referrerPolicy={(a.referrerpolicy || undefined) as React.HTMLAttributeReferrerPolicy | undefined}
    />
  );
}

/** The way to the other flow, keeping the integrator's return_to; a re-authentication leads back. */
function Footer({
  flowType,
  flow,
  refresh,
  text,
}: {
  flowType: SignInCardProps["flowType"];
  flow: SignInCardProps["flow"];
  refresh: boolean;
  text: Translator;
}) {
  const link = "text-button-link-brand-brand underline transition-colors hover:text-button-link-brand-brand-hover";
  const returnTo = flow.return_to ? `?return_to=${encodeURIComponent(flow.return_to)}` : "";
  if (refresh) {
    return (
      <span className="leading-normal font-normal text-interface-foreground-default-primary antialiased">
        <a className={link} href="/settings" data-testid="hera/back-to-account">
          {text.t("card.back_to_account")}
        </a>
      </span>
    );
  }
  const [question, label, href] =
    flowType === "login"
      ? (["card.login.no_account", "card.login.sign_up", `/registration${returnTo}`] as const)
      : (["card.registration.have_account", "card.registration.sign_in", `/login${returnTo}`] as const);
  return (
    <span className="leading-normal font-normal text-interface-foreground-default-primary antialiased">
      {text.t(question)}{" "}
      <a className={link} href={href} data-testid={`hera/${flowType === "login" ? "sign-up" : "sign-in"}-link`}>
        {text.t(label)}
      </a>
    </span>
  );
}
