/** Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error, 3 stopped by the quota (resumes next run). */
export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
export const EXIT_QUOTA = 3;

/** A problem the user can fix: printed as one clear line (no stack), then exit with `exitCode`. */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_RUNTIME,
  ) {
    super(message);
  }
}

export interface ConfigProblem {
  path: string; // e.g. "cases[2].calendar"
  message: string; // what is wrong and how to fix it
}

/** Every problem found in a configuration file, reported together. */
export class ConfigError extends UserError {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.path || '(top level)'}: ${p.message}`).join('\n'),
      EXIT_USAGE,
    );
  }
}
