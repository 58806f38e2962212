import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * False on the server and during hydration, true afterwards. Elements disables its
 * inputs until react-hook-form reports ready (after mount), which would leave the
 * server-rendered form unusable without JavaScript; Hera's inputs only honour that
 * state once the page is hydrated.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
