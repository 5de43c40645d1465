// The GitHub Action (action.yml) run the way a runner runs a composite action: each step's `run:`
// script through `bash --noprofile --norc -eo pipefail`, in its working-directory, with its `env:`
// after the runner has substituted the `${{ … }}` expressions (inputs, github, steps' outputs),
// a fresh $GITHUB_OUTPUT per step whose lines become that step's outputs, and $GITHUB_STEP_SUMMARY
// and $GITHUB_WORKSPACE set. Steps that use another action (setup-node, upload-sarif) are not run:
// Node is already here, and the upload is GitHub's. The job ends at the first step that fails.
// The check runs the built package (`command: node dist/src/cli/bin.js`), or through a stand-in
// `npx` on the PATH that shows the action asks npm for the package of its own version.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT, temporaryFolders } from './support/cli.js';
import { sarifProblems, validateSarif } from './support/sarif-multitool.js';

const newFolder = temporaryFolders('preflight-action-');

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

interface JobResult {
  /** The exit code of the first step that failed, else 0. */
  status: number;
  /** The standard output of the run steps, as the log shows it. */
  log: string;
  stepOutputs: Record<string, Record<string, string>>;
  /** The steps that use another action, as the runner would call them (if they were not skipped). */
  used: Array<{ uses: string; if?: string; with: Record<string, string> }>;
  summary: string;
  actionOutputs: Record<string, string>;
}

/** Runs the action's steps in `workspace` with these inputs (`with:`) and github context. */
function runAction(
  workspace: string,
  withInputs: Record<string, string>,
  github: Record<string, string> = {},
  extraEnv: NodeJS.ProcessEnv = {},
): JobResult {
  const temp = newFolder();
  const summaryFile = path.join(temp, 'step_summary');
  writeFileSync(summaryFile, '');
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, withInputs[name] ?? input.default ?? '']),
  );
  for (const name of Object.keys(withInputs)) expect(action.inputs, `input ${name}`).toHaveProperty(name);
  const context: { github: Record<string, string> } = { github: { action_path: ROOT, workspace, event_name: 'push', ...github } };
  const stepOutputs: Record<string, Record<string, string>> = {};
  const substitute = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      const [scope, ...rest] = expression.split('.');
      if (scope === 'inputs' && rest.length === 1 && rest[0] in inputs) return inputs[rest[0]];
      if (scope === 'github' && rest.length === 1 && rest[0] in context.github) return context.github[rest[0]];
      if (scope === 'steps' && rest.length === 3 && rest[1] === 'outputs') return stepOutputs[rest[0]]?.[rest[2]] ?? '';
      throw new Error(`the test runner does not know the expression \${{ ${expression} }}`);
    });
  const environment: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTION_PATH: ROOT,
    ...extraEnv,
  };
  const used: JobResult['used'] = [];
  let log = '';
  let status = 0;
  action.runs.steps.forEach((step, index) => {
    if (status !== 0) return;
    if (step.uses !== undefined) {
      used.push({
        uses: step.uses,
        ...(step.if !== undefined ? { if: step.if } : {}),
        with: Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(String(value))])),
      });
      return;
    }
    // A run step runs unless an earlier one failed: the runner's default, success().
    expect(step.if, `run step ${index} has a condition this runner does not evaluate`).toBeUndefined();
    expect(step.shell).toBe('bash');
    const outputFile = path.join(temp, `output_${index}`);
    writeFileSync(outputFile, '');
    const script = path.join(temp, `step_${index}.sh`);
    writeFileSync(script, step.run!);
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, substitute(String(value))]));
    const ran = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: path.resolve(workspace, substitute(step['working-directory'] ?? '.')),
      env: { ...environment, ...env, GITHUB_OUTPUT: outputFile },
      encoding: 'utf8',
      timeout: 60_000,
    });
    log += ran.stdout + ran.stderr;
    if (step.id !== undefined) {
      stepOutputs[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
    }
    status = ran.status ?? 1;
  });
  const actionOutputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, output]) => [name, substitute(output.value)]),
  );
  return { status, log, stepOutputs, used, summary: readFileSync(summaryFile, 'utf8'), actionOutputs };
}

/** A repository (`.git`) holding a fixture under campaigns/. */
function workspaceWith(fixture: string): string {
  const workspace = newFolder();
  mkdirSync(path.join(workspace, '.git'));
  cpSync(path.join(ROOT, 'fixtures', fixture), path.join(workspace, 'campaigns', fixture), { recursive: true });
  return workspace;
}

const BUILT = { command: `node ${BIN}` };

describe('action.yml', () => {
  it('is a composite action that sets up Node 20, uploads SARIF and runs its steps in bash', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs['node-version'].default).toBe('20');
    expect(action.runs.steps.map((step) => step.uses ?? 'run')).toEqual([
      'actions/setup-node@v4',
      'run',
      'github/codeql-action/upload-sarif@v4',
      'run',
    ]);
  });

  const failing = workspaceWith('yoga-mat');
  const passing = workspaceWith('passing');
  let failed: JobResult;
  let passed: JobResult;
  beforeAll(() => {
    failed = runAction(failing, { ...BUILT, targets: 'campaigns/yoga-mat', formats: 'json:preflight.json' });
    passed = runAction(passing, { ...BUILT, targets: 'campaigns/passing' });
  });

  it('fails the job with exit code 1 on a failing campaign, after the upload step', () => {
    expect(failed.status, failed.log).toBe(1);
    expect(failed.stepOutputs.check).toEqual({ 'exit-code': '1', 'sarif-file': path.join(failing, 'campaign-preflight.sarif') });
    expect(failed.actionOutputs).toEqual(failed.stepOutputs.check);
    // The check step itself passed, so that the upload came before the failing step.
    expect(failed.used.map((step) => step.uses)).toContain('github/codeql-action/upload-sarif@v4');
    expect(failed.log).toContain('campaign-preflight: a campaign fails (exit code 1)');
  });

  it('passes on a passing campaign', () => {
    expect(passed.status, passed.log).toBe(0);
    expect(passed.stepOutputs.check['exit-code']).toBe('0');
    expect(passed.summary).toMatch(/^## campaign-preflight ✅ pass\n/);
  });

  it('annotates at paths relative to the repository and writes the markdown report to the step summary', () => {
    expect(failed.log).toMatch(/^::error file=campaigns\/yoga-mat\/audience\.csv,line=3,title=review-before-delivery::/m);
    expect(failed.summary).toMatch(/^## campaign-preflight ❌ fail\n/);
    expect(failed.summary).toContain('| yoga-mat-review | ❌ fail | 9 | 7 | 0 |');
    // The extra format was written too.
    expect(JSON.parse(readFileSync(path.join(failing, 'preflight.json'), 'utf8'))).toMatchObject({ status: 'fail' });
  });

  it('uploads the SARIF file it wrote, when enabled and allowed', () => {
    const upload = failed.used.find((step) => step.uses.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with).toEqual({ sarif_file: path.join(failing, 'campaign-preflight.sarif'), category: 'campaign-preflight' });
    // The condition: the input, a file written, and a token that may write alerts.
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
    expect(upload.if).toContain("steps.check.outputs.sarif-file != ''");
    expect(upload.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  it("writes SARIF that passes Microsoft's validator with GitHub's rules", { timeout: 120_000 }, () => {
    const files = [failing, passing].map((folder) => path.join(folder, 'campaign-preflight.sarif'));
    const sarif = JSON.parse(readFileSync(files[0], 'utf8')) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
    };
    expect(sarif.runs[0].results).toHaveLength(7);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('campaigns/yoga-mat/audience.csv');
    const folder = newFolder();
    const { log, console } = validateSarif(files, path.join(folder, 'validation.sarif'), folder);
    expect(log.runs[0].invocations?.[0].executionSuccessful, console).toBe(true);
    for (const file of files) expect(sarifProblems(log, file), console).toEqual([]);
  });

  it('runs in a working-directory, and passes the inputs as flags', () => {
    const workspace = workspaceWith('yoga-mat');
    mkdirSync(path.join(workspace, 'ci'));
    const result = runAction(workspace, {
      ...BUILT,
      'working-directory': 'ci',
      targets: '../campaigns/yoga-mat\n',
      'sarif-file': 'out/preflight.sarif',
      args: '--rule review-before-delivery=warning',
      'max-warnings': '10',
      'upload-sarif': 'false',
    });
    expect(result.status, result.log).toBe(0);
    expect(result.log).toMatch(/^::warning file=campaigns\/yoga-mat\/audience\.csv,line=3,/m);
    expect(result.stepOutputs.check['sarif-file']).toBe(path.join(workspace, 'ci/out/preflight.sarif'));
    expect(existsSync(path.join(workspace, 'ci/out/preflight.sarif'))).toBe(true);
    expect(result.used.find((step) => step.uses.includes('upload-sarif'))?.if).toContain("inputs.upload-sarif == 'true'");
    // The same warnings fail over max-warnings (7 > 5).
    const overMax = runAction(workspace, {
      ...BUILT,
      targets: 'campaigns/yoga-mat',
      args: '--rule review-before-delivery=warning',
      'max-warnings': '5',
    });
    expect(overMax.status, overMax.log).toBe(1);
  });

  it('fails at once, without an upload, on a usage error', () => {
    const result = runAction(passing, { ...BUILT, targets: 'campaigns/passing', 'fail-on': 'sometimes' });
    expect(result.status).toBe(2);
    expect(result.stepOutputs.check).toEqual({ 'exit-code': '2' });
    expect(result.used.map((step) => step.uses)).toEqual(['actions/setup-node@v4']);
  });

  it("asks npm for the package of the action's own version when no command is given", () => {
    // A stand-in npx: records its arguments, then runs the built package in place of the one named.
    const bin = newFolder();
    const record = path.join(bin, 'npx-args');
    writeFileSync(
      path.join(bin, 'npx'),
      `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > ${JSON.stringify(record)}\nshift 2\nexec node ${JSON.stringify(BIN)} "$@"\n`,
    );
    chmodSync(path.join(bin, 'npx'), 0o755);
    const result = runAction(passing, { targets: 'campaigns/passing' }, {}, { PATH: `${bin}:${process.env.PATH}` });
    expect(result.status, result.log).toBe(0);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(readFileSync(record, 'utf8').split('\n').slice(0, 4)).toEqual([
      '--yes',
      `campaign-preflight@${version}`,
      'check',
      'campaigns/passing',
    ]);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const [hook] = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
    id: string;
    entry: string;
    language: string;
    files: string;
    pass_filenames: boolean;
    args: string[];
  }>;

  it("runs the package's own executable on the repository when a campaign, config or CSV file changes", () => {
    const { bin } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(hook).toMatchObject({ id: 'campaign-preflight', language: 'node', pass_filenames: false, args: ['.'] });
    expect(Object.keys(bin)).toContain(hook.entry.split(' ')[0]);
    const files = new RegExp(hook.files);
    for (const file of ['campaign.yaml', 'a/spring.campaign.yml', 'campaign-preflight.config.json', 'data/customers.csv']) {
      expect(files.test(file), file).toBe(true);
    }
    for (const file of ['src/campaign.ts', 'campaigns.yaml', 'README.md']) expect(files.test(file), file).toBe(false);
  });
});
