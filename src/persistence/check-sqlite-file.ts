/**
 * The checks `openSqliteDatabase` makes on an existing file before anything can write to it:
 * the write-ahead log's header (SQLite silently ignores, then overwrites, a `-wal` whose header is
 * not a WAL header: every step saved in it would be lost without a word), and
 * `PRAGMA quick_check` over the pages (bounded: skipped above a size limit).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type BetterSqlite3 from "better-sqlite3";
import { DatabaseDamagedError } from "../errors.js";

/** Size of a WAL file header, bytes. */
const WAL_HEADER_BYTES = 32;
/** The WAL magic numbers: checksums in little-endian (…82) or big-endian (…83) words. */
const WAL_MAGIC_LE = 0x377f0682;
const WAL_MAGIC_BE = 0x377f0683;
/** The only WAL format version SQLite writes. */
const WAL_VERSION = 3007000;

/** The size of a file in bytes, or 0 when it does not exist. */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The first `count` bytes of a file (fewer if it is shorter). */
function readHead(path: string, count: number): Buffer {
  const head = Buffer.alloc(count);
  const fd = openSync(path, "r");
  try {
    return head.subarray(0, readSync(fd, head, 0, count, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * What is wrong with the first 32 bytes of a `-wal` file (magic number, format version, page
 * size, header checksum), or `undefined` when they are a sound WAL header.
 *
 * @param header - The file's first bytes (at least 32 for a sound header).
 * @returns The problem, in words, or `undefined`.
 * @example
 * ```ts
 * walHeaderProblem(Buffer.alloc(32, 0xab)); // "its header is not a SQLite WAL header"
 * ```
 */
export function walHeaderProblem(header: Buffer): string | undefined {
  if (header.length < WAL_HEADER_BYTES) return `it is ${header.length} bytes long, shorter than a WAL header`;
  const magic = header.readUInt32BE(0);
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return "its header is not a SQLite WAL header";
  if (header.readUInt32BE(4) !== WAL_VERSION) return `its header has an unknown WAL format version ${header.readUInt32BE(4)}`;
  const pageSize = header.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `its header has an invalid page size ${pageSize}`;
  const [s0, s1] = walChecksum(header.subarray(0, 24), magic === WAL_MAGIC_BE);
  if (s0 !== header.readUInt32BE(24) || s1 !== header.readUInt32BE(28)) return "its header checksum does not match";
  return undefined;
}

/** SQLite's WAL checksum over 32-bit words read in the byte order the magic number names. */
function walChecksum(data: Buffer, bigEndian: boolean): [number, number] {
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/**
 * Checks the write-ahead log of `path`, if there is one with content. An empty or missing `-wal`
 * is normal (a clean close removes it; a deleted one loses the steps not yet copied into the main
 * file, which SQLite cannot know about). A header that is not a WAL header is damage; frames after
 * the last complete transaction are what a crash mid-write leaves, and SQLite drops them itself.
 *
 * @param path - The database file (its log is `<path>-wal`).
 * @returns Whether the log holds data (then the main file must not be opened for writing before
 *   the check, since closing such a connection copies the log into the main file).
 * @throws {DatabaseDamagedError} naming the `-wal` file when its header is damaged.
 * @example
 * ```ts
 * const walHasData = checkWriteAheadLog("/data/langgraph.sqlite"); // reads /data/langgraph.sqlite-wal
 * ```
 */
export function checkWriteAheadLog(path: string): boolean {
  const wal = `${path}-wal`;
  if (fileSize(wal) === 0) return false;
  const problem = walHeaderProblem(readHead(wal, WAL_HEADER_BYTES));
  if (problem) throw new DatabaseDamagedError(path, problem, { file: wal });
  return true;
}

/**
 * Runs `PRAGMA quick_check` (every page and b-tree, not index contents; about 1 ms per MB from
 * the page cache) and throws when it reports anything but "ok".
 *
 * @param db - The connection to check (its `name` is the path the error names).
 * @throws {DatabaseDamagedError} with the first problem reported (SQLite errors thrown by the
 *   check itself are left to the caller).
 * @example
 * ```ts
 * quickCheck(new Database("runs.sqlite", { readonly: true }));
 * ```
 */
export function quickCheck(db: BetterSqlite3.Database): void {
  const rows = db.pragma("quick_check(1)") as { quick_check: string }[];
  if (rows.length === 1 && rows[0]?.quick_check === "ok") return;
  // e.g. "*** in database main ***\nTree 5 page 5: btreeInitPage() returns error code 11"
  const report = rows
    .flatMap((row) => row.quick_check.split("\n"))
    .filter((line) => !/^\*\*\* in database \w+ \*\*\*$/.test(line.trim()))
    .join("; ")
    .trim();
  throw new DatabaseDamagedError(db.name, `PRAGMA quick_check found ${report ? `"${report}"` : "a problem"}`);
}
