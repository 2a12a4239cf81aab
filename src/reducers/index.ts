// `langgraph-parallel/reducers`: batch reducers and typed state fields.
export { toBinaryReducer } from "./batch-reducer.js";
export type { BatchReducer } from "./batch-reducer.js";
export { concat } from "./concat.js";
export { sortedMerge } from "./sorted-merge.js";
export type { SortedMergeOptions } from "./sorted-merge.js";
export { mergeByKey, mergeRecords } from "./merge-by-key.js";
export type { MergeByKeyOptions } from "./merge-by-key.js";
export { listField, recordField } from "./fields.js";
