import { start } from "./stacks";

/** Starts the main stack once for the whole suite and stops it afterwards. */
export default async function globalSetup() {
  const stack = await start("main");
  return async () => {
    await stack.stop();
  };
}
