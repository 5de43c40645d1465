// A project that loads one plugin module written by the test: the passing story in a git top level
// of its own, with the module beside it and a config naming it.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './cli.js';

/** The built package, as a plugin imports it (`npm test` builds dist/ first). */
export const PACKAGE_URL = pathToFileURL(path.join(ROOT, 'dist/src/index.js')).href;

/** Fills `folder` with fixtures/passing, a .git folder, `file` of these lines and a config whose plugins are [./file]. */
export function writePluginProject(folder: string, file: string, lines: string[]): void {
  mkdirSync(path.join(folder, '.git'));
  cpSync(path.join(ROOT, 'fixtures/passing'), folder, { recursive: true });
  writeFileSync(path.join(folder, file), [...lines, ''].join('\n'));
  writeFileSync(path.join(folder, 'campaign-preflight.config.yaml'), `plugins: [./${file}]\n`);
}
