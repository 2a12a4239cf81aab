import { InMemoryStore } from "@langchain/langgraph";
import { describe, expect, expectTypeOf, it } from "vitest";
import { buildNotifyGraph } from "../../src/graphs/answer-strategies.js";
import { createLauncher, type LaunchContext, type LaunchId, type LaunchInput, type Launcher, type LaunchWorker } from "../../src/patterns/launch.js";

// Type tests: `npx tsc -p tsconfig.json --noEmit` (part of `npm test`) checks them; at run time
// `expectTypeOf` does nothing, so each `it` also runs its launches and checks what they returned.
// No explicit type arguments: everything is inferred from `workers`.
const workers = {
  notify: async (input: { to: string }, ctx: LaunchContext) => ({ sent: input.to, key: ctx.id }),
  count: (text: string) => text.length,
  ping: () => "pong" as const,
};

describe("createLauncher({ workers }) is typed by its workers", () => {
  it("launch(name, input) returns an id branded with the worker and its awaited result; result(id) has that type", async () => {
    const launcher = createLauncher({ store: new InMemoryStore(), workers });
    const id = await launcher.launch("notify", { to: "ada" }, { id: "n-1" });
    expectTypeOf(id).toEqualTypeOf<LaunchId<"notify", { sent: string; key: string }>>();
    expectTypeOf(id).toMatchTypeOf<string>(); // storable where a string is expected (graph state)
    const sent = await launcher.result(id);
    expectTypeOf(sent).toEqualTypeOf<{ sent: string; key: string }>();
    const length = await launcher.result(await launcher.launch("count", "four", { id: "c-1" }));
    expectTypeOf(length).toEqualTypeOf<number>();
    expect([sent, length]).toEqual([{ sent: "ada", key: "n-1" }, 4]);
  });

  it("a worker's context parameter is a LaunchContext without an annotation", async () => {
    const launcher = createLauncher({
      store: new InMemoryStore(),
      workers: {
        notify: async (input: { to: string }, ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<LaunchContext>();
          return `${input.to} (attempt ${ctx.attempt})`;
        },
      },
    });
    const text = await launcher.result(await launcher.launch("notify", { to: "bo" }, { id: "n-2" }));
    expectTypeOf(text).toEqualTypeOf<string>();
    expect(text).toBe("bo (attempt 1)");
  });

  it("a wrong input or an unknown worker does not compile", async () => {
    const launcher = createLauncher({ store: new InMemoryStore(), workers });
    expectTypeOf(launcher.launch).parameter(0).toEqualTypeOf<"notify" | "count" | "ping">();
    // @ts-expect-error -- notify takes { to: string }
    await launcher.launch("notify", { to: 42 }, { id: "bad-input" });
    // @ts-expect-error -- count takes a string
    await launcher.launch("count", ["not", "a", "string"], { id: "bad-input-2" });
    // @ts-expect-error -- no worker named "email"
    await expect(launcher.launch("email", { to: "ada" }, { id: "bad-name" })).rejects.toThrow('No launch worker named "email".');
    await launcher.idle();
  });

  it("a worker without parameters takes any input; LaunchInput names a worker's input type", async () => {
    expectTypeOf<LaunchInput<typeof workers.notify>>().toEqualTypeOf<{ to: string }>();
    expectTypeOf<LaunchInput<typeof workers.ping>>().toEqualTypeOf<unknown>();
    const launcher = createLauncher({ store: new InMemoryStore(), workers });
    const pong = await launcher.result(await launcher.launch("ping", null, { id: "p-1" }));
    expectTypeOf(pong).toEqualTypeOf<"pong">();
    expect(pong).toBe("pong");
  });

  it("a plain string id (from state, recover(), or your own) is accepted and typed unknown", async () => {
    const launcher = createLauncher({ store: new InMemoryStore(), workers });
    await launcher.launch("count", "abc", { id: "from-state" });
    const stored: string = "from-state";
    const value = await launcher.result(stored);
    expectTypeOf(value).toEqualTypeOf<unknown>();
    expectTypeOf(launcher.recover).returns.resolves.toEqualTypeOf<string[]>();
    expect(value).toBe(3);
  });

  it("a launcher with more workers passes where a narrower Launcher type is asked for; an untyped Launcher takes any name and input", async () => {
    const notifyOnly: Launcher<{ notify: LaunchWorker<string, string> }> = createLauncher({
      store: new InMemoryStore(),
      workers: { notify: async (person: string) => `notified ${person}`, audit: (n: number) => n },
    });
    const { results } = await buildNotifyGraph(notifyOnly).invoke({ people: ["ada"] });
    expect(results).toEqual(["notified ada"]);
    // @ts-expect-error -- buildNotifyGraph needs notify to take a string
    buildNotifyGraph(createLauncher({ store: new InMemoryStore(), workers: { notify: (n: number) => String(n) } }));

    const untyped: Launcher = createLauncher({ store: new InMemoryStore(), workers: { echo: (x: unknown) => x } });
    const id = await untyped.launch("anything", { at: "all" }, { id: "u-1" }).catch((e: Error) => e.message);
    expectTypeOf(untyped.result).returns.resolves.toEqualTypeOf<unknown>();
    expect(id).toBe('No launch worker named "anything".'); // checked at run time instead
  });
});
