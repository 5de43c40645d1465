// A formatter of the user's own, as ESLint's custom formatters: `--format ./my-format.js` (a path,
// relative to the working folder) or `--format acme-preflight-formatter` (a package, found from the
// working folder's node_modules). Its default export is `(report, context) => string | Iterable<string>`.
// It is code: it is loaded only when named on the command line, never because a file says so.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import type { FormatContext, ReportFormat } from '../formats/index.js';
import type { Report } from '../types.js';

/** Whether `--format` names a file rather than a format or a package: `./x.js`, `/abs/x.mjs`, `x.js`. */
export function isFormatterPath(name: string): boolean {
  return name.startsWith('.') || path.isAbsolute(name) || /\.[cm]?js$/.test(name);
}

/** Whether `--format` could name a package: npm's letters, an optional @scope/. */
function isPackageName(name: string): boolean {
  return /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name);
}

/** The main file of the package `name` installed in `cwd`'s node_modules (or above), if any. */
export function installedPackage(name: string, cwd: string): string | undefined {
  if (!isPackageName(name)) return undefined;
  try {
    return createRequire(path.join(cwd, 'package.json')).resolve(name);
  } catch {
    return undefined;
  }
}

type CustomFormatter = (report: Report, context: FormatContext) => unknown;

/**
 * Loads the formatter `name` (a path, or a package installed in `cwd`) from `cwd`. Not found, no default function or a
 * module that throws while loading: a UsageError naming it (exit code 2).
 */
export async function loadCustomFormat(name: string, cwd: string): Promise<ReportFormat> {
  const file = isFormatterPath(name) ? path.resolve(cwd, name) : installedPackage(name, cwd);
  if (file === undefined) {
    throw new UsageError(`formatter ${name} not found: no such package in ${path.join(cwd, 'node_modules')}`, [
      `install it (npm install --save-dev ${name}), or give a formatter file's path, such as ./${name}.js`,
    ]);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes(file)) {
      throw new UsageError(`formatter ${name} not found: there is no file ${file}`, [
        'a formatter path is relative to the working folder',
      ]);
    }
    throw new UsageError(`formatter ${name} failed to load: ${reason(error)}`);
  }
  const formatter = module.default;
  if (typeof formatter !== 'function') {
    throw new UsageError(`formatter ${name} has no default export that is a function`, [
      'export default function (report, context) { return "…"; } — a string, or an iterable of strings',
    ]);
  }
  return {
    stream: (report, context) => customPieces(name, formatter as CustomFormatter, report, context),
    description: `custom formatter ${name}`,
    // Its own code decides what reaches the terminal, colours included, as an ESLint formatter does.
    onTerminal: 'as-is',
    honorsMaxRows: true,
  };
}

/** The formatter's text: a string, or the strings it yields; anything else, or a throw, is an error naming it. */
function* customPieces(name: string, formatter: CustomFormatter, report: Report, context: FormatContext): Generator<string> {
  const failed = (error: unknown) => new UsageError(`formatter ${name} failed: ${reason(error)}`);
  let result: unknown;
  try {
    result = formatter(report, context);
  } catch (error) {
    throw failed(error);
  }
  if (typeof result === 'string') {
    yield result;
    return;
  }
  if (result === null || typeof result !== 'object' || !(Symbol.iterator in result)) {
    const what = result instanceof Promise ? 'a Promise' : result === undefined ? 'nothing' : typeof result;
    throw new UsageError(`formatter ${name} returned ${what}: it must return a string or an iterable of strings`);
  }
  const iterator = (result as Iterable<unknown>)[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = iterator.next();
    } catch (error) {
      throw failed(error);
    }
    if (next.done) return;
    if (typeof next.value !== 'string') {
      throw new UsageError(`formatter ${name} yielded ${typeof next.value}: it must yield strings`);
    }
    yield next.value;
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
}
