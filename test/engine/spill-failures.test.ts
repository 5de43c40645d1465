// A temporary folder that cannot take a run's findings (a full disk, a quota, a read-only or
// forbidden folder) is the user's to fix: the run stops with an input error naming the folder and
// TMPDIR, not with a rule blamed for a bug. The failures are made by a mock of node:fs.
import { mkdtempSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FindingList, type FindingSortKey } from '../../src/engine/findings.js';
import { guardRule, RuleError } from '../../src/engine/guard.js';
import type { Rule, RuleContext } from '../../src/engine/rule.js';
import { InputError } from '../../src/errors.js';
import type { Finding } from '../../src/types.js';
import type * as NodeFs from 'node:fs';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  return { ...fs, mkdtempSync: vi.fn(fs.mkdtempSync), writeSync: vi.fn(fs.writeSync) };
});

afterEach(() => {
  vi.mocked(mkdtempSync).mockReset();
  vi.mocked(writeSync).mockReset();
});

function systemError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall}`), { code, syscall });
}

const byLine = (a: FindingSortKey, b: FindingSortKey): number => (a.line ?? 0) - (b.line ?? 0);
const finding: Finding = {
  ruleId: 'r',
  severity: 'error',
  campaignId: 'c',
  customerId: 'C-1',
  file: 'a.csv',
  line: 2,
  message: 'm',
  evidence: {},
};

/** Adds findings to a list that spills every one, and returns what adding threw. */
function spillError(): unknown {
  const list = new FindingList(byLine, 1);
  try {
    list.add(finding);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    list.dispose();
  }
}

describe('a temporary folder that cannot take the findings', () => {
  it.each([
    ['ENOSPC', 'no space left on device', 'free some space there, or set TMPDIR to a folder with room'],
    ['EDQUOT', 'disk quota exceeded', 'free some space there, or set TMPDIR to a folder with room'],
  ])('%s while writing: an input error naming the folder, with a way out', (code, reason, hint) => {
    vi.mocked(writeSync).mockImplementation(() => {
      throw systemError(code, 'write');
    });
    const error = spillError();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toBe(
      `cannot write findings to the temporary folder ${tmpdir()}: ${reason}\n  ${hint}`,
    );
  });

  it.each([
    ['EROFS', 'read-only file system'],
    ['EACCES', 'permission denied'],
  ])('%s making the spill folder: an input error naming the folder and TMPDIR', (code, reason) => {
    vi.mocked(mkdtempSync).mockImplementation(() => {
      throw systemError(code, 'mkdtemp');
    });
    const error = spillError();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toBe(
      `cannot write findings to the temporary folder ${tmpdir()}: ${reason}\n  set TMPDIR to a folder you may write to`,
    );
  });

  it('stops a rule that reports a finding with the same error, not one blaming the rule', () => {
    vi.mocked(writeSync).mockImplementation(() => {
      throw systemError('ENOSPC', 'write');
    });
    const list = new FindingList(byLine, 1);
    const rule = { id: 'unknown-recipient', create: () => ({ row: () => list.add(finding) }) } as unknown as Rule;
    const hooks = guardRule(rule, {} as RuleContext<unknown, never>);
    const row = { line: 2, campaign: { campaign: { audience: { displayPath: 'audience.csv' } } } };
    let thrown: unknown;
    try {
      hooks.row?.(row as never, undefined);
    } catch (error) {
      thrown = error;
    } finally {
      list.dispose();
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect(thrown).not.toBeInstanceOf(RuleError);
    expect((thrown as Error).message).toMatch(/^cannot write findings to the temporary folder .*: no space left on device$/);
  });

  it('any other error of writing stays what it was', () => {
    vi.mocked(writeSync).mockImplementation(() => {
      throw new RangeError('out of range');
    });
    expect(spillError()).toBeInstanceOf(RangeError);
  });
});
