// The command line's exit codes, as `check --help` lists them.
export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
/** A usage, config or input error, or an internal one. */
export const EXIT_USAGE = 2;
