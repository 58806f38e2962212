import { createContext, useContext } from "react";

/** What Hera's server knows about a flow beyond Kratos's flow object. */
export type HeraFlowState = {
  /** When the flow may ask for another code (epoch ms); unset when it may now. */
  resendAvailableAt?: number;
  /** How long a resend holds the next one back, in seconds. */
  resendCooldownSeconds?: number;
};

export const HeraFlowContext = createContext<HeraFlowState>({});

export const useHeraFlow = () => useContext(HeraFlowContext);
