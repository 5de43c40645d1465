// From zod issues to an InputError: each problem in the words of the file's keys, located at its
// line and column, in the order they appear in the file.

import { type z } from 'zod';
import { closest, ProblemList, quoteText } from '../errors.js';
import { plural } from '../text.js';
import { describe } from './schema-blocks.js';
import type { YamlLocator } from './yaml.js';

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function oneOf(values: readonly unknown[]): string {
  const names = values.map(String);
  return names.length === 1 ? names[0] : `one of ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Messages for zod's own issues, used wherever a schema gives none; they never name the path. */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case 'invalid_value': {
      const suggestion = typeof issue.input === 'string' ? closest(issue.input, issue.values.map(String)) : undefined;
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      return `expected ${oneOf(issue.values)}, got ${describe(issue.input)}${hint}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const limit = small ? 'at least' : 'at most';
      if (issue.origin === 'array') return `must have ${limit} ${plural(bound, 'item')}`;
      if (issue.origin === 'string') {
        return small && bound === 1 ? 'must not be empty' : `must have ${limit} ${plural(bound, 'character')}`;
      }
      const relation = issue.inclusive ? limit : small ? 'greater than' : 'less than';
      return `must be ${relation} ${bound}, got ${describe(issue.input)}`;
    }
    default:
      return undefined;
  }
}

type Path = ReadonlyArray<PropertyKey>;

function pathText(path: Path): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i > 0 ? '.' : ''}${String(segment)}`))
    .join('');
}

interface Problem {
  message: string;
  /** A key that was not written: located at its parent, so listed after problems found where they are. */
  missing?: boolean;
  file: string;
  line?: number;
  column?: number;
}

/**
 * The problems an issue stands for. A failed union stands for its branch that got furthest (an
 * error inside `[warnin, {}]` is about its first item), or for itself when every branch failed at
 * the top; an unknown-keys issue stands for one problem per key.
 */
function problemsOf(issue: z.core.$ZodIssue, prefix: Path, label: string, locate: YamlLocator): Problem[] {
  const path = [...prefix, ...issue.path];
  const keyPath = path as Array<string | number>;
  const where = path.length > 0 ? pathText(path) : label;

  if (issue.code === 'invalid_union') {
    const depth = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((inner) => inner.path.length));
    const furthest = issue.errors.reduce((best, branch) => (depth(branch) > depth(best) ? branch : best));
    if (depth(furthest) > 0) return furthest.flatMap((inner) => problemsOf(inner, path, label, locate));
  }
  if (issue.code === 'unrecognized_keys') {
    const suggestions = issue.message.split('\n');
    return issue.keys.map((key, i) => {
      const hint = suggestions[i] ? ` (did you mean "${suggestions[i]}"?)` : '';
      return { message: `unknown key ${quoteText(key)} in ${where}${hint}`, ...locate([...keyPath, key], 'key') };
    });
  }
  // YAML has no undefined: an undefined input is a key that was not written.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
    const parent = path.slice(0, -1);
    const owner = parent.length > 0 ? pathText(parent) : label;
    const key = JSON.stringify(String(path[path.length - 1]));
    return [{ message: `missing required key ${key} in ${owner}`, missing: true, ...locate(keyPath, 'key') }];
  }
  return [{ message: `${where}: ${issue.message}`, ...locate(keyPath, 'value') }];
}

/**
 * Validates parsed YAML against a schema. Problems are reported in the order they appear in the
 * file, missing keys last: the first as the error, the others (up to MAX_LISTED_PROBLEMS) as its details.
 * `label` names the file's kind in messages ("campaign", "config").
 */
export function validate<T extends z.ZodType>(schema: T, data: unknown, locate: YamlLocator, label: string): z.output<T> {
  // reportInput keeps each issue's input, which tells a missing key from a wrong value.
  const result = schema.safeParse(data, { error: issueMessage, reportInput: true });
  if (result.success) return result.data;

  const problems = result.error.issues
    .flatMap((issue) => problemsOf(issue, [], label, locate))
    .sort(
      (a, b) =>
        Number(a.missing ?? false) - Number(b.missing ?? false) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0),
    );
  const list = new ProblemList();
  for (const problem of problems) list.add(problem);
  throw list.toError();
}
