// Typed client errors: per response code (with the table that picks them) and client-side ones.
export * from './broker-response-errors.js';
export * from './client-errors.js';
export { errorFromResponse, responseErrorRule, responseErrorTable, type ResponseErrorRule } from './response-error-table.js';
