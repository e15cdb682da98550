/**
 * What the assistant accepts, for channels to check before they spend effort
 * (a long question, a file download): one definition each, owned by the core.
 */
export { MAX_QUERY_CHARS as MAX_QUESTION_CHARS } from "../search/query.js";
export { MAX_REPORT_BYTES, REPORT_EXTENSIONS, isReportFile } from "../corpus/read.js";
export { MAX_FILE_NAME_BYTES, displayName } from "./report-upload.js";
