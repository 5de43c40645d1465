// Reads campaign and config files: YAML 1.2, bounded alias expansion, and a Locator that maps a
// key path back to where it was written, so every later error can name the line and column.

import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import { InputError, ProblemList, quoteText } from '../errors.js';
import type { Locator } from '../types.js';

/** yaml's bound on alias expansion: a few nested aliases could otherwise expand to billions of nodes. */
export const MAX_ALIAS_COUNT = 100;

/** Which end of a mapping entry to point at: its key (unknown keys) or its value (bad values). */
export type LocateTarget = 'key' | 'value';

/** A Locator that can also point at the value of an entry; called with one argument it points at the key. */
export type YamlLocator = (keyPath: ReadonlyArray<string | number>, target?: LocateTarget) => ReturnType<Locator>;

export interface ParsedYaml {
  /** The document as plain data; an empty document is null. */
  value: unknown;
  locate: YamlLocator;
}

/** Parses YAML text; `file` is the display path used in errors and locations. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // Keys are checked for uniqueness below, in one pass: yaml's own check compares each key with every
  // earlier one (80,000 keys took a minute) and does not say which key repeats.
  const document = parseDocument(text, { version: '1.2', lineCounter, prettyErrors: false, uniqueKeys: false });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  // Errors, repeated keys, then what yaml only warns about but would change the meaning silently: a
  // tag it does not know is dropped, and a list or mapping as a key becomes its text.
  const problems: Array<{ offset: number; message: string }> = [
    ...document.errors.map((error) => ({ offset: error.pos[0], message: yamlMessage(error) })),
    ...repeatedKeys(document, position),
    ...document.warnings.map((error) => ({ offset: error.pos[0], message: yamlMessage(error) })),
    ...collectionKeys(document).map((key) => ({
      offset: key.range?.[0] ?? 0,
      message: 'a key must be a name, not a list or mapping',
    })),
  ];
  if (problems.length > 0) {
    const list = new ProblemList();
    problems.forEach(({ offset, message }, i) => {
      list.add({ ...position(Math.max(0, offset)), message: i === 0 ? `invalid YAML: ${message}` : message });
    });
    throw list.toError();
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // toJS throws ReferenceError for excessive or unresolvable aliases; anything else is a bug.
    if (!(error instanceof ReferenceError)) throw error;
    const alias = firstAlias(document);
    throw new InputError(
      /Excessive alias count/.test(error.message)
        ? `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT})`
        : `invalid YAML: ${error.message}`,
      alias?.range ? position(alias.range[0]) : { file },
    );
  }

  return { value, locate: makeLocator(document, file, position) };
}

/** yaml's message, unless its wording names its own API or the JavaScript engine's limits. */
function yamlMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'expected one document, found a second one ("---")';
  if (/Maximum call stack size exceeded/.test(error.message)) return 'lists or mappings nested too deeply';
  return error.message;
}

/**
 * Each key that repeats an earlier key of its mapping, where it repeats, in document order:
 * `duplicate key "x" (first on line 3)`. Keys are compared as the properties they become (`1` and
 * `"1"` are one), for the data is read as plain objects, where the second would replace the first.
 * The key is quoted bounded and escaped: it may be anything, a line break or a megabyte.
 */
function repeatedKeys(
  document: Document,
  position: (offset: number) => { line: number },
): Array<{ offset: number; message: string }> {
  const repeated: Array<{ offset: number; message: string }> = [];
  visit(document, {
    Map(_key, map) {
      const firstOffsets = new Map<string, number>();
      for (const { key } of map.items) {
        if (!isScalar(key) || !key.range) continue;
        // As yaml's toJS names a property: null is "".
        const name = key.value === null ? '' : String(key.value);
        const first = firstOffsets.get(name);
        if (first === undefined) firstOffsets.set(name, key.range[0]);
        else
          repeated.push({
            offset: key.range[0],
            message: `duplicate key ${quoteText(name)} (first on line ${position(first).line})`,
          });
      }
    },
  });
  return repeated.sort((a, b) => a.offset - b.offset);
}

function collectionKeys(document: Document): Node[] {
  const keys: Node[] = [];
  visit(document, {
    Pair(_key, pair) {
      if (isCollection(pair.key)) keys.push(pair.key);
    },
  });
  return keys;
}

function firstAlias(document: Document): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

function makeLocator(
  document: Document,
  file: string,
  position: (offset: number) => { file: string; line: number; column: number },
): YamlLocator {
  /** Where a node starts; undefined for a node without text, such as the value of `key:` alone. */
  const start = (node: unknown) => {
    const range = (node as Node | null | undefined)?.range;
    return range && range[1] > range[0] ? position(range[0]) : undefined;
  };
  const documentStart = start(document.contents) ?? { file, line: 1, column: 1 };

  return (keyPath, target = 'key') => {
    // The best position found so far: the nearest existing ancestor of a path that does not exist.
    let found = documentStart;
    let node: unknown = document.contents;
    for (const [index, segment] of keyPath.entries()) {
      if (isAlias(node)) node = node.resolve(document);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return found;
        found = start(pair.key) ?? found;
        node = pair.value;
        if (index === keyPath.length - 1 && target === 'value') found = start(node) ?? found;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        found = start(node) ?? found;
      } else {
        return found;
      }
    }
    return found;
  };
}
