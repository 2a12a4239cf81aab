/**
 * A preload for crash-test children (`node --import tsx --import <this> fixture.ts`) that holds the
 * child still at a known point instead of killing it at a guessed moment. The fixtures' workers
 * wait with `sleep` from `node:timers/promises`: the first `released` of those waits to finish end
 * normally, and every later one (pending or new) stalls until its signal aborts. So the child ends
 * up with exactly `released` pieces of work done and the next ones mid-work, before their side
 * effects, however loaded the machine is, and stays there until the test kills it.
 */

/**
 * The preload as a `data:` URL for `--import`.
 *
 * @param released - How many sleeps end normally before the rest stall.
 * @returns A module specifier.
 * @example
 * ```ts
 * spawn(process.execPath, ["--import", "tsx", "--import", stallSleepsAfter(40), "test/fixtures/map-reduce-crash.ts", …]);
 * ```
 */
export function stallSleepsAfter(released: number): string {
  const source = `
    import timers from "node:timers/promises";
    import { syncBuiltinESMExports } from "node:module";
    const real = timers.setTimeout;
    let done = 0;
    let keepAlive;
    const stall = (signal) => {
      keepAlive ??= setInterval(() => undefined, 60_000); // a stalled child does not exit on its own
      return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));
    };
    timers.setTimeout = async (ms, value, options) => {
      if (done >= ${released}) return stall(options?.signal);
      const result = await real(ms, value, options);
      if (done >= ${released}) return stall(options?.signal);
      done++;
      return result;
    };
    syncBuiltinESMExports(); // named imports of node:timers/promises now see the wrapper
  `;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}
