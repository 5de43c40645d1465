// Severities as a config file or --rule gives them: ours (`off`, `warning`, `error`), and ESLint's
// words and numbers (`warn`; `0`, `1`, `2`), so that a team's ESLint habits work. Reports always
// say `warning`.
import type { SeveritySetting } from '../types.js';

const SEVERITY_WORDS: Readonly<Record<string, SeveritySetting>> = {
  off: 'off',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  '0': 'off',
  '1': 'warning',
  '2': 'error',
};

/** The words and numbers a severity may be written as, for messages. */
export const SEVERITY_FORMS = 'off, warn, warning, error, 0, 1 or 2';

/** The severity a written value stands for (`warn` and `1` are `warning`), or undefined. */
export function severityOf(value: unknown): SeveritySetting | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? SEVERITY_WORDS[String(value)] : undefined;
  if (typeof value !== 'string') return undefined;
  return Object.hasOwn(SEVERITY_WORDS, value) ? SEVERITY_WORDS[value] : undefined;
}
