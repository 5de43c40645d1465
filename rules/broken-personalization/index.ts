import { z } from 'zod';
import type { AudienceRow } from '../../src/engine/row.js';
import { createRule } from '../create-rule.js';
import { MESSAGE_PARTS, type MessagePart } from '../../src/engine/templates.js';
import { listWords } from '../format.js';

// docs/rules.md broken-personalization, as regular expressions compiled once. Blanks are spaces and tabs:
// a line break is not a blank, and blanks right after a line break are indentation, not a merge.

/** Unrendered merge tags: Liquid/Handlebars/HubSpot, Mailchimp, SFMC, wiki-style, JSP/EL, ERB/JSP. */
const TAG = String.raw`\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\*\|[\s\S]*?\|\*|%%[\s\S]*?%%|\[\[[\s\S]*?\]\]|\$\{[^}]*\}|<%[\s\S]*?%>`;
/** A value that leaked as a word: case-sensitive, a whole token ("nullify" and "NaNs" are words of their own). */
const WORD = String.raw`(?<![\p{L}\p{N}_])(?:undefined|null|NaN)(?![\p{L}\p{N}_])|\[object Object\]`;
/** A blank (run) before punctuation: "Hi ,". */
const BLANK_BEFORE_PUNCTUATION = String.raw`[ \t]+[,.;:!?]`;
/** Two or more blanks in a row, unless the run starts a line after a line break (indentation). */
const TWO_BLANKS = String.raw`(?<![ \t\r\n])[ \t]{2,}`;
/** docs/rules.md: a text that starts, after blanks, with punctuation or a dash: ", 30% off" from "{{ first_name }}, 30% off". */
const LEADING = String.raw`^[ \t]*[,.;:!?\-–—]`;
/** docs/rules.md: a comma followed by blanks at the end of a text: "Dear Ann, " from "Dear {{ first_name }}, {{ last_name }}". */
const TRAILING_COMMA = String.raw`,[ \t]+$`;
/** docs/rules.md: a dash after a blank at the end of a text, blanks after it too: "Sale - " from "Sale - {{ code }}". */
const TRAILING_DASH = String.raw`[ \t][\-–—][ \t]*$`;

/** Every problem; the leftmost match is the first problem of a text. */
const PROBLEM = new RegExp(
  `(?<tag>${TAG})|(?<word>${WORD})|(?<punctuation>${BLANK_BEFORE_PUNCTUATION})|(?<blanks>${TWO_BLANKS})` +
    `|(?<leading>${LEADING})|(?<trailingComma>${TRAILING_COMMA})|(?<trailingDash>${TRAILING_DASH})`,
  'u',
);
/**
 * A cheap superset of PROBLEM, without look-arounds or lazy spans: most texts are clean, and this
 * is what they cost. Only a text it matches is searched with PROBLEM.
 */
const MAYBE_PROBLEM = /[{%*[$<]|[ \t][ \t,.;:!?]|^[ \t]*[,.;:!?–—-]|,[ \t]+$|[ \t][–—-][ \t]*$|undefined|null|NaN/;

type Kind = 'unrenderedTag' | 'missingValue' | 'emptyMerge';

/** What to do about a part's first problem, when no cell of the history mends it. */
function suggestionFor(problem: Found) {
  const source = problem.fromCell ? `${problem.part} column` : `message.${problem.part} template`;
  if (problem.kind === 'unrenderedTag') return { id: 'fixTag', data: { snippet: problem.snippet, source } } as const;
  return problem.fromCell
    ? ({ id: 'rewriteCell', data: { part: problem.part } } as const)
    : ({ id: 'fillTemplate', data: { part: problem.part } } as const);
}

interface Problem {
  kind: Kind;
  /** The offending text, with a little context for an empty merge. */
  snippet: string;
  /** For an empty merge: what is wrong. */
  detail?: string;
}

const SNIPPET_MAX = 60;
/** Characters of context an empty merge's snippet takes on either side. */
const CONTEXT_MAX = 20;
const WHITE = /\s/;

/** The first problem of a text, or undefined when it is clean. */
export function firstProblem(text: string): Problem | undefined {
  if (!MAYBE_PROBLEM.test(text)) return undefined;
  const match = PROBLEM.exec(text);
  if (!match) return undefined;
  const groups = match.groups as Record<
    'tag' | 'word' | 'punctuation' | 'blanks' | 'leading' | 'trailingComma' | 'trailingDash',
    string | undefined
  >;
  if (groups.tag !== undefined) return { kind: 'unrenderedTag', snippet: shorten(groups.tag) };
  if (groups.word !== undefined) return { kind: 'missingValue', snippet: groups.word };
  const start = match.index;
  const end = start + match[0].length;
  // The punctuation or dash at fault: the last character but trailing blanks ("Sale - ").
  const mark = match[0].trimEnd();
  const last = mark[mark.length - 1];
  if (groups.leading !== undefined) {
    // Nothing before it: the word after it is the context.
    return { kind: 'emptyMerge', snippet: withContext(text, start, end, true), detail: `the text starts with "${last}"` };
  }
  const detail =
    groups.punctuation !== undefined
      ? `a blank before "${last}"`
      : groups.trailingComma !== undefined
        ? 'a comma and blanks at the end'
        : groups.trailingDash !== undefined
          ? `a blank and "${last}" at the end`
          : 'two blanks in a row';
  return { kind: 'emptyMerge', snippet: withContext(text, start, end), detail };
}

function shorten(text: string): string {
  return text.length <= SNIPPET_MAX ? text : `${text.slice(0, SNIPPET_MAX - 1)}…`;
}

/**
 * The match with the word before and after it on the same line: "Hi ," or "Dear  Smith"; with
 * `nextWord`, the word after it even past blanks: ", 30%".
 */
function withContext(text: string, start: number, end: number, nextWord = false): string {
  let from = start;
  while (from > 0 && start - from < CONTEXT_MAX && !WHITE.test(text[from - 1])) from--;
  let to = end;
  if (nextWord) while (to < text.length && to - end < CONTEXT_MAX && (text[to] === ' ' || text[to] === '\t')) to++;
  while (to < text.length && to - end < CONTEXT_MAX && !WHITE.test(text[to])) to++;
  return text.slice(from, to);
}

/** Rendered templates repeat (the engine memoises them): their verdicts are kept, up to this many. */
const VERDICT_LIMIT = 10_000;
const CLEAN = null;

interface Found extends Problem {
  part: MessagePart;
  fromCell: boolean;
}

export default createRule({
  id: 'broken-personalization',
  meta: {
    severity: 'error',
    description: 'A subject, greeting or body with an unrendered merge tag, a leaked "undefined"/"null", or an empty merge.',
    messages: {
      unrenderedTag: (d: { part: string; snippet: string; source: 'cell' | 'template'; also: string }) =>
        `${d.part} holds an unrendered merge tag "${d.snippet}" (${
          d.source === 'template'
            ? "message templates are rendered as Liquid only: other platforms' merge tags are sent as written"
            : `the ${d.part} column is sent as written: only message templates are rendered`
        })${d.also}`,
      missingValue: (d: { part: string; snippet: string; also: string }) =>
        `${d.part} holds "${d.snippet}" where a value should be${d.also}`,
      emptyMerge: (d: { part: string; snippet: string; detail: string; also: string }) =>
        `${d.part} has an empty merge (${d.detail}): "${d.snippet}"${d.also}`,
    },
    suggestions: {
      fixTag: (d: { snippet: string; source: string }) =>
        `correct the merge tag "${d.snippet}" in the ${d.source}: it would be sent as it is`,
      rewriteCell: (d: { part: string }) => `rewrite the ${d.part} cell with every value filled in`,
      fillTemplate: (d: { part: string }) =>
        `fill in the cells the message.${d.part} template reads, or give it a fallback such as {{ first_name | default: "there" }}`,
      fillFromHistory: (d: { field: string; value: string }) => `fill in the ${d.field} ${d.value} from the customer record`,
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign }) => ({
    data: MESSAGE_PARTS.some((part) => campaign.message[part] !== undefined)
      ? []
      : [
          {
            file: 'audience',
            columns: MESSAGE_PARTS,
            match: 'any',
            otherwise: 'not-applicable',
            for: 'and the campaign has no message templates',
          },
        ],
  }),
  create(context) {
    const verdicts = new Map<string, Problem | typeof CLEAN>();

    /** The first problem of a rendered template, remembered by its text. */
    const templateProblem = (text: string): Problem | undefined => {
      const known = verdicts.get(text);
      if (known !== undefined) return known ?? undefined;
      const problem = firstProblem(text);
      if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
      verdicts.set(text, problem ?? CLEAN);
      return problem;
    };

    const partProblem = (row: AudienceRow, part: MessagePart): Found | undefined => {
      const text = row.text(part);
      if (text === undefined) return undefined;
      const fromCell = row.cell(part).trim() !== '';
      const problem = fromCell ? firstProblem(text) : templateProblem(text);
      return problem && { ...problem, part, fromCell };
    };

    /** Every broken part of a row, or undefined when none is. */
    const problemsOf = (row: AudienceRow): Found[] | undefined => {
      let found: Found[] | undefined;
      for (const part of MESSAGE_PARTS) {
        const problem = partProblem(row, part);
        if (problem) (found ??= []).push(problem);
      }
      return found;
    };

    /**
     * A name cell left empty that the history knows (one value only), when filling it in mends
     * every part: the fix then makes the row pass.
     */
    const nameFix = (row: AudienceRow): { field: string; value: string } | undefined => {
      const person = row.person;
      if (!person) return undefined;
      for (const [field, known] of [
        ['first_name', person.firstNames],
        ['last_name', person.lastNames],
      ] as const) {
        if (known.length !== 1 || row.cell(field).trim() !== '') continue;
        const filled = row.withCell(field, known[0]);
        if (filled && !problemsOf(filled)) return { field, value: known[0] };
      }
      return undefined;
    };

    return {
      row(row) {
        const found = problemsOf(row);
        if (!found) return;
        const [first, ...rest] = found;
        const also = rest.length === 0 ? '' : ` (and a problem in ${listWords(rest.map((p) => p.part))})`;
        const cells = found.filter((p) => p.fromCell);
        const fill = first.kind === 'unrenderedTag' || cells.length > 0 ? undefined : nameFix(row);
        context.report({
          at: row,
          messageId: first.kind,
          data: {
            part: first.part,
            snippet: first.snippet,
            detail: first.detail ?? '',
            source: first.fromCell ? 'cell' : 'template',
            also,
          },
          ...(fill
            ? {
                suggestion: { id: 'fillFromHistory', data: { field: fill.field.replace('_', ' '), value: fill.value } },
                fix: { action: 'set', column: fill.field, value: fill.value },
              }
            : { suggestion: suggestionFor(first) }),
          evidence: {
            problems: found.map((p) => ({
              part: p.part,
              source: p.fromCell ? `${p.part} column` : `message.${p.part} template`,
              kind: p.kind,
              snippet: p.snippet,
              ...(p.detail ? { detail: p.detail } : {}),
            })),
          },
          // docs/report.md: a column only where one cell is at fault.
          ...(cells.length === 1 ? { column: cells[0].part } : {}),
        });
      },
    };
  },
});
