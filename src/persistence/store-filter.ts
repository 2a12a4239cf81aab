/**
 * Search filters of the SQLite store. {@link matchesFilter} is the exact rule (a port of
 * `InMemoryStore`'s `compareValues`, so both stores agree); {@link filterToSql} narrows the rows
 * SQLite returns first, and is only ever a superset, so every row is still checked exactly.
 */

/** Operator keys `InMemoryStore` understands inside a filter value. */
const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"]);

/** An object whose keys are all operators (note: `{}` and `[]` count, and match anything). */
function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.keys(value).every((k) => OPERATORS.has(k));
}

/** One top-level field against one filter value: strict equality, or every operator holding. */
function compareValue(actual: unknown, expected: unknown): boolean {
  if (!isOperatorObject(expected)) return actual === expected;
  return Object.entries(expected).every(([op, operand]) => {
    switch (op) {
      case "$eq":
        return actual === operand;
      case "$ne":
        return actual !== operand;
      case "$gt":
        return Number(actual) > Number(operand);
      case "$gte":
        return Number(actual) >= Number(operand);
      case "$lt":
        return Number(actual) < Number(operand);
      case "$lte":
        return Number(actual) <= Number(operand);
      case "$in":
        return Array.isArray(operand) ? operand.includes(actual) : false;
      case "$nin":
        return Array.isArray(operand) ? !operand.includes(actual) : true;
      default:
        return false;
    }
  });
}

/**
 * Whether a stored value passes a search filter. Keys are top-level fields; a filter value is
 * compared with `===` (so objects and arrays never match a stored copy), or is an operator object
 * using `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte` (numeric, via `Number()`), `$in`, `$nin`.
 * Identical to `InMemoryStore`.
 *
 * @param value - The item's value.
 * @param filter - Field → expected value or operators. Default: no filter (always `true`).
 * @returns `true` when every field matches.
 * @example
 * ```ts
 * matchesFilter({ status: "done", score: 7 }, { status: "done", score: { $gte: 5 } }); // true
 * ```
 */
export function matchesFilter(value: Record<string, unknown>, filter: Record<string, unknown> = {}): boolean {
  return Object.entries(filter).every(([field, expected]) => compareValue(value[field], expected));
}

/**
 * A value SQLite compares exactly like JavaScript's `===`: booleans, safe integers, and strings.
 * Strings with NUL or lone surrogates are left out: they compare correctly on better-sqlite3 12,
 * but their bytes depend on how the driver encodes them versus how SQLite decodes `\u` escapes.
 */
function isExactScalar(value: unknown): value is string | boolean | number {
  if (typeof value === "string") return !/\0|\p{Surrogate}/u.test(value);
  return typeof value === "boolean" || Number.isSafeInteger(value);
}

/**
 * SQL narrowing a search to rows that may pass `filter`: one `json_extract` / `json_type` test per
 * field whose expected value (or sole `$eq` operand) is a string, boolean or safe integer. Other
 * fields (operators, floats, null, objects, keys with quotes or backslashes) are left to
 * {@link matchesFilter}. Every row that passes `matchesFilter` passes this SQL.
 *
 * @param filter - The search filter. Default: none.
 * @param column - The JSON column. Default `"value"`.
 * @returns Clauses to AND together (empty when nothing can be pushed down) and their parameters.
 * @example
 * ```ts
 * filterToSql({ status: "done" }); // { clauses: ["json_extract(value, ?) = ?"], params: ['$."status"', "done"] }
 * ```
 */
export function filterToSql(
  filter: Record<string, unknown> = {},
  column = "value",
): { clauses: string[]; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  for (const [field, expected] of Object.entries(filter)) {
    const operand = isOperatorObject(expected) && Object.keys(expected).length === 1 && "$eq" in expected ? expected.$eq : expected;
    if (!isExactScalar(operand) || /["\\]/.test(field)) continue;
    const path = `$."${field}"`;
    if (typeof operand === "boolean") {
      // json_extract turns true/false into 1/0; json_type keeps them apart from numbers.
      clauses.push(`json_type(${column}, ?) = ?`);
      params.push(path, operand ? "true" : "false");
    } else {
      clauses.push(`json_extract(${column}, ?) = ?`);
      params.push(path, operand);
    }
  }
  return { clauses, params };
}
