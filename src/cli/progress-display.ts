/**
 * Shows {@link ProgressEvent}s: a live bar redrawn in place on a terminal
 * (`[██████░░░░] 63/126  21.4/s  ETA 3s`), plain lines every 10% elsewhere (CI logs, pipes).
 */
import type { ProgressEvent } from "../observe/progress.js";

/** Where and how to draw. */
export interface ProgressDisplayOptions {
  /** Writes text (no newline added). Default: stdout. */
  write?: (text: string) => void;
  /** Redraw in place (a terminal). Default: `process.stdout.isTTY`. */
  tty?: boolean;
  /** Bar width in characters. Default 24. */
  width?: number;
  /** Indent of each line. Default two spaces. */
  indent?: string;
}

/**
 * One progress line, e.g. `map [██████░░░░] 63/126  21.4/s  ETA 3s  (2 failed)`.
 *
 * @param event - A progress event.
 * @param width - Bar width. Default 24.
 * @returns The line, without newline.
 * @example
 * ```ts
 * formatProgress({ name: "map", done: 5, total: 10, … }); // "map [████████████░░░░░░░░░░░░] 5/10 …"
 * ```
 */
export function formatProgress(event: ProgressEvent, width = 24): string {
  const filled = event.total === 0 ? width : Math.round((event.done / event.total) * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const eta = event.etaMs === undefined ? "ETA …" : event.done === event.total ? `${seconds(event.elapsedMs)} total` : `ETA ${seconds(event.etaMs)}`;
  const extras = [event.failed ? `${event.failed} failed` : "", event.cached ? `${event.cached} from memo` : ""].filter(Boolean);
  return `${event.name} [${bar}] ${event.done}/${event.total}  ${event.ratePerSecond.toFixed(1)}/s  ${eta}${extras.length ? `  (${extras.join(", ")})` : ""}`;
}

/**
 * A progress display for one or more named steps.
 *
 * @param options - Output, terminal mode, width, indent.
 * @returns `update(event)` for each event, `finish()` once the run is over.
 * @example
 * ```ts
 * const display = createProgressDisplay();
 * for await (const [mode, chunk] of stream) if (mode === "custom" && isProgressEvent(chunk)) display.update(chunk);
 * display.finish();
 * ```
 */
export function createProgressDisplay(options: ProgressDisplayOptions = {}): {
  update(event: ProgressEvent): void;
  /** Ends the bar's line (terminal) so other text can be printed; the next update redraws it. */
  pause(): void;
  finish(): void;
} {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const tty = options.tty ?? Boolean(process.stdout.isTTY);
  const indent = options.indent ?? "  ";
  let last: ProgressEvent | undefined;
  let lastDraw = 0;
  let lastDecile = -1;
  let open = false;
  let drawn: ProgressEvent | undefined;
  const draw = (event: ProgressEvent) => {
    write(`\r${indent}${formatProgress(event, options.width)}\x1b[K`);
    drawn = event;
    open = true;
  };
  return {
    update(event) {
      last = event;
      if (tty) {
        const now = performance.now();
        if (now - lastDraw < 50 && event.done < event.total) return; // ~20 frames a second at most
        lastDraw = now;
        draw(event);
        return;
      }
      const decile = event.total === 0 ? 10 : Math.floor((event.done / event.total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        write(`${indent}${formatProgress(event, options.width)}\n`);
      }
    },
    pause() {
      if (open) write("\n");
      open = false;
    },
    finish() {
      // Show the final state once: redraw only if the last frame on screen is not the last event.
      if (tty && last && drawn !== last) draw(last);
      if (open) write("\n");
      open = false;
    },
  };
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}
