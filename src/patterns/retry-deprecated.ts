/**
 * The retry option names of 0.1 (`initialDelayMs`, `maxDelayMs`), still accepted until 0.3.0:
 * each is moved to LangGraph's name for the same setting (`initialInterval`, `maxInterval`), and
 * the first use of each old name in a process prints one `DeprecationWarning`.
 */
import { ConfigurationError } from "../errors.js";

// Old name → LangGraph's name, and the warning code Node prints (`--no-deprecation` silences it).
const RENAMED = {
  initialDelayMs: { to: "initialInterval", code: "LGP_RETRY_INITIAL_DELAY_MS" },
  maxDelayMs: { to: "maxInterval", code: "LGP_RETRY_MAX_DELAY_MS" },
} as const;

type OldName = keyof typeof RENAMED;
type Renamable = { [K in OldName | (typeof RENAMED)[OldName]["to"]]?: number };

// Old names already warned about in this process (one warning per name).
const warned = new Set<OldName>();

/** Prints the deprecation warning for `old`, the first time only. */
export function warnRenamedRetryOption(old: OldName): void {
  if (warned.has(old)) return;
  warned.add(old);
  const { to, code } = RENAMED[old];
  const message = `retry.${old} is deprecated and will be removed in langgraph-parallel 0.3.0: use retry.${to}, the name LangGraph's RetryPolicy uses.`;
  if (typeof process !== "undefined" && typeof process.emitWarning === "function") {
    process.emitWarning(message, { type: "DeprecationWarning", code });
  } else {
    console.warn(`DeprecationWarning: ${message}`);
  }
}

/**
 * The options with each old name moved to its new name (warning once per old name).
 * @throws {ConfigurationError} when an old name and its new name are both given.
 */
export function renameRetryOptions<T extends Renamable>(options: T): Omit<T, OldName> {
  const renamed: Renamable = { ...options };
  for (const old of Object.keys(RENAMED) as OldName[]) {
    if (renamed[old] === undefined) continue;
    const { to } = RENAMED[old];
    if (renamed[to] !== undefined) {
      throw new ConfigurationError(
        `retry.${old} and retry.${to} are the same setting, and both were given (${renamed[old]} and ${renamed[to]}).`,
        `Pass only ${to}: ${old} is its deprecated old name.`,
      );
    }
    warnRenamedRetryOption(old);
    renamed[to] = renamed[old];
    delete renamed[old];
  }
  return renamed as Omit<T, OldName>;
}

/** The old names as read-only, non-enumerable aliases of the new ones on `target` (warning on first read). */
export function withRenamedAliases<T extends { initialInterval: number; maxInterval: number }>(target: T): T {
  for (const old of Object.keys(RENAMED) as OldName[]) {
    const { to } = RENAMED[old];
    Object.defineProperty(target, old, {
      enumerable: false,
      get: () => {
        warnRenamedRetryOption(old);
        return target[to];
      },
    });
  }
  return target;
}
