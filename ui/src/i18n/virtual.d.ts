declare module "virtual:elements-catalogues" {
  /** Ory Elements' catalogues for Hera's languages (build/elements-catalogues.mts). */
  const catalogues: Record<import("./languages").ElementsLocale, Record<string, string>>;
  export default catalogues;
}
