/**
 * Named errors with stable codes. Anything the user can fix (bad input,
 * missing binary, unreachable target) is a `UsageError`: the CLI prints its
 * message and hint on one line each, with no stack trace, and exits 2.
 */
export class HyvveQaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Exit code 2: usage, config or environment error. */
export class UsageError extends HyvveQaError {
  constructor(message: string, hint?: string, code = "E_USAGE") {
    super(code, message, hint);
  }
}

/** The config file is missing, unloadable or invalid. */
export class ConfigError extends UsageError {
  constructor(message: string, hint?: string) {
    super(message, hint, "E_CONFIG");
  }
}

/** An input file (JUnit, run.json, k6 output) is unreadable or hostile. */
export class InputFileError extends UsageError {
  constructor(message: string, hint?: string) {
    super(message, hint, "E_INPUT");
  }
}

/** The machine or target lacks something: a binary, a URL, a token, a reachable host. */
export class EnvironmentError extends UsageError {
  constructor(message: string, hint?: string) {
    super(message, hint, "E_ENV");
  }
}

/** `hyvve-qa: E_CODE message`, plus a hint line when there is one; never a stack trace. */
export function formatUsageError(error: UsageError): string {
  return `hyvve-qa: ${error.code} ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** One line per problem, as `file: path.to.key message` (knip's style). */
export function formatZodIssues(
  file: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  return issues
    .map((issue) => {
      const key = issue.path.map((p) => String(p)).join(".");
      return `${file}: ${key === "" ? "" : `${key} `}${issue.message}`;
    })
    .join("\n");
}
