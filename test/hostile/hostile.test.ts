// The corpus of hostile inputs (issue 11): each folder here is one attack on a project, run through
// the command line as a CI gate or a marketer would run it. Every case proves three things
// whatever it expects: nothing of a secret file outside the project, nor of a secret environment
// variable, reaches standard output, standard error or any file the run wrote; every file of the
// project is byte for byte what it was; and the run ends as the case says (exit code, messages).
//
// A case folder holds `case.json` and the files that replace or join those of the fixture story it
// names as `base`. In any of them, {{outside}} is the secret file's path, {{outsideDir}} its folder,
// {{outsideFromProject}} the secret's path relative to the project, {{secretHeader}} its first line.
// case.json: attack, ownProcess (why the case needs a process of its own: it runs the built
// executable), base, args, env, status, stderr / stderrNot (patterns), links (symbolic links,
// path -> target), hardLinks (path -> existing project file), rename, edit ([file]: [from, to]),
// absent (files the run must not create), inertCsv (written CSV files whose cells must not start a
// formula in a spreadsheet), generate (large files made at run time: start, repeat × times, end),
// reportLines (a JSON report's finding lines).
//
// The cases run in-process, but for those with ownProcess; with HOSTILE_BIN set, every case runs
// that executable (a packed and installed build, say) in a child process.
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli, runCli, STACK_LINE, temporaryFolders, type CliResult, type RunOptions } from '../support/cli.js';
import { fingerprint } from '../input/support.js';

const HOSTILE_BIN = process.env.HOSTILE_BIN;

interface HostileCase {
  attack: string;
  ownProcess?: string;
  base: string;
  args: string[];
  env?: Record<string, string>;
  status: number;
  stderr?: string[];
  stderrNot?: string[];
  links?: Record<string, string>;
  hardLinks?: Record<string, string>;
  rename?: Record<string, string>;
  edit?: Record<string, [string, string]>;
  absent?: string[];
  inertCsv?: string[];
  generate?: Record<string, { start: string; repeat: string; times: number; end: string }>;
  reportLines?: Record<string, number[]>;
}

const CORPUS = import.meta.dirname;
const newFolder = temporaryFolders('preflight-hostile-');
const caseNames = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** The secrets: a file outside the project, and an environment variable of the run. */
function makeSecrets() {
  const outsideDir = newFolder();
  const fileSecret = `FILE-SECRET-${randomBytes(6).toString('hex')}`;
  const envSecret = `ENV-SECRET-${randomBytes(6).toString('hex')}`;
  const secretHeader = `root:x:0:0:${fileSecret}:/root:/bin/bash`;
  const outside = path.join(outsideDir, 'secret.csv');
  writeFileSync(outside, `${secretHeader}\ncustomer_id,email\n${fileSecret}-2,${fileSecret}@example.com\n`);
  writeFileSync(
    path.join(outsideDir, 'plugin.mjs'),
    `import { writeFileSync } from 'node:fs';\nwriteFileSync('pwned', '${fileSecret}');\nexport default [];\n`,
  );
  return { outside, outsideDir, secretHeader, fileSecret, envSecret };
}

/** The project a case attacks, in a new folder that is its own git top level. */
function buildProject(name: string, spec: HostileCase, secrets: ReturnType<typeof makeSecrets>): string {
  const project = newFolder();
  mkdirSync(path.join(project, '.git'));
  cpSync(path.join(ROOT, 'fixtures', spec.base), project, { recursive: true });
  const values: Record<string, string> = {
    outside: secrets.outside,
    outsideDir: secrets.outsideDir,
    outsideFromProject: path.relative(project, secrets.outside),
    secretHeader: secrets.secretHeader,
  };
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key]);
  for (const [from, to] of Object.entries(spec.rename ?? {})) renameSync(path.join(project, from), path.join(project, to));
  for (const entry of readdirSync(path.join(CORPUS, name), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'case.json' || entry.name === '.keep') continue;
    const file = path.join(entry.parentPath, entry.name);
    const target = path.join(project, path.relative(path.join(CORPUS, name), file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(file, 'utf8')));
  }
  for (const [file, [from, to]] of Object.entries(spec.edit ?? {})) {
    const target = path.join(project, file);
    const text = readFileSync(target, 'utf8');
    expect(text).toContain(from);
    writeFileSync(target, text.replace(from, to));
  }
  for (const [link, target] of Object.entries(spec.links ?? {})) {
    mkdirSync(path.dirname(path.join(project, link)), { recursive: true });
    rmSync(path.join(project, link), { force: true });
    symlinkSync(fill(target), path.join(project, link));
  }
  for (const [file, { start, repeat, times, end }] of Object.entries(spec.generate ?? {})) {
    writeFileSync(path.join(project, file), start + repeat.repeat(times) + end);
  }
  for (const [link, existing] of Object.entries(spec.hardLinks ?? {}))
    linkSync(path.join(project, existing), path.join(project, link));
  return project;
}

/** The case's run: in-process, or in a child process when HOSTILE_BIN is set or the case needs a process of its own. */
function runCase(spec: HostileCase, options: RunOptions): Promise<CliResult> {
  if (HOSTILE_BIN === undefined && !spec.ownProcess) return runCli(spec.args, options);
  return runBuiltCli(spec.args, { ...options, bin: HOSTILE_BIN });
}

/**
 * Whether a field of a written CSV line would start a formula in a spreadsheet that splits on `,`,
 * `;` or tab: an unquoted field that starts, after blanks, with = + @ or their full-width forms.
 */
function formulaField(line: string): string | undefined {
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (inQuotes) {
      if (char === '"') inQuotes = false;
      continue;
    }
    if (fieldStart && /[ \t]/.test(char)) continue;
    if (fieldStart && /[=+@\uff1d\uff0b\uff20]/.test(char)) return line.slice(i, i + 40);
    fieldStart = char === ',' || char === ';' || char === '\t';
    if (char === '"') inQuotes = true;
  }
  return undefined;
}

describe('hostile inputs', () => {
  it('the corpus has cases', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of caseNames) {
    const spec = JSON.parse(readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8')) as HostileCase;
    it.concurrent(`${name}: ${spec.attack}`, async () => {
      const secrets = makeSecrets();
      const project = buildProject(name, spec, secrets);
      const before = fingerprint(project);
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        SECRET_TOKEN: secrets.envSecret,
        ...spec.env,
      };
      const result = await runCase(spec, { cwd: project, onlyEnv: env });

      expect(result.status, result.stderr).toBe(spec.status);
      expect(result.stderr).not.toMatch(STACK_LINE);
      for (const pattern of spec.stderr ?? []) expect(result.stderr).toMatch(new RegExp(pattern));
      for (const pattern of spec.stderrNot ?? []) expect(result.stderr).not.toMatch(new RegExp(pattern));
      for (const file of spec.absent ?? []) expect(existsSync(path.join(project, file)), file).toBe(false);

      const after = fingerprint(project);
      for (const [file, hash] of Object.entries(before)) expect(after[file], file).toBe(hash);
      const written = Object.keys(after).filter((file) => !(file in before));
      for (const text of [
        result.stdout,
        result.stderr,
        ...written.map((file) => readFileSync(path.join(project, file), 'utf8')),
      ]) {
        expect(text).not.toContain(secrets.fileSecret);
        expect(text).not.toContain(secrets.envSecret);
      }
      for (const [file, lines] of Object.entries(spec.reportLines ?? {})) {
        const report = JSON.parse(readFileSync(path.join(project, file), 'utf8')) as { findings: Array<{ line: number | null }> };
        expect(report.findings.map((finding) => finding.line)).toEqual(lines);
      }
      for (const file of spec.inertCsv ?? []) {
        const lines = readFileSync(path.join(project, file), 'utf8').split(/\r?\n/);
        expect(lines.map(formulaField).filter(Boolean), file).toEqual([]);
      }
    });
  }
});
