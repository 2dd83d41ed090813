export { createHttpApp } from './create-http-app.js';
export type { HttpAppOptions } from './create-http-app.js';
export { problem, problemType, sendProblem, ProblemError, PROBLEM_JSON } from './problem.js';
export type { Problem } from './problem.js';
export {
  isRetryableInfrastructureFailure,
  problemOf,
  registerProblemHandlers,
} from './problem-handlers.js';
export type { ProblemHandlerOptions } from './problem-handlers.js';
export { addJsonBodyParser, isPollutingKey, parseJsonBody } from './json-body.js';
export { bearerKeyCheck, bearerTokenOf, sameSecret } from './bearer-key.js';
export type { BearerKeyOptions } from './bearer-key.js';
