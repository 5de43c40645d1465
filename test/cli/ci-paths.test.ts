// The CI formats place files relative to the repository's root, as GitHub and GitLab resolve them,
// wherever the check ran and however the campaign was named: a campaign outside the working folder
// (given with "..", or absolute) is annotated at "campaigns/yoga-mat/audience.csv", not at an
// absolute path or one that climbs out of the repository.
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryPaths } from '../../src/repository-paths.js';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('preflight-ci-paths-');

/** A repository (a `.git` folder) with the yoga-mat story under campaigns/, and an empty tools/ to run in. */
function repository(): { repo: string; tools: string } {
  const repo = newFolder();
  mkdirSync(path.join(repo, '.git'));
  cpSync(path.join(ROOT, 'fixtures/yoga-mat'), path.join(repo, 'campaigns/yoga-mat'), { recursive: true });
  const tools = path.join(repo, 'tools');
  mkdirSync(tools);
  return { repo, tools };
}

const AUDIENCE = 'campaigns/yoga-mat/audience.csv';

describe('the CI formats, with the campaign outside the working folder', () => {
  const { repo, tools } = repository();
  const targets = { relative: '../campaigns/yoga-mat', absolute: path.join(repo, 'campaigns/yoga-mat') };

  it.each(Object.entries(targets))('place files relative to the repository root (campaign named %s)', async (_, target) => {
    const out = (name: string) => path.join(tools, `${name}-${path.isAbsolute(target) ? 'abs' : 'rel'}`);
    const { status, stdout } = await runCli(
      [
        'check',
        target,
        '--format',
        'github',
        '--format',
        `sarif:${out('sarif')}`,
        '--format',
        `junit:${out('junit')}`,
        '--format',
        `gitlab:${out('gitlab')}`,
      ],
      { cwd: tools },
    );
    expect(status).toBe(1);
    const files = [...stdout.matchAll(/file=([^,:]+)/g)].map((match) => match[1]);
    expect(files.length).toBeGreaterThan(0);
    expect(new Set(files)).toEqual(new Set([AUDIENCE]));

    const sarif = JSON.parse(readFileSync(out('sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: object } }> }> }>;
    };
    const locations = sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    expect(locations.length).toBe(7);
    for (const location of locations) expect(location).toEqual({ uri: AUDIENCE, uriBaseId: '%SRCROOT%' });

    const junit = readFileSync(out('junit'), 'utf8');
    expect(junit).toContain('<property name="file" value="campaigns/yoga-mat/campaign.yaml"/>');
    expect(junit).toContain(`${AUDIENCE}:3`);
    // Rows are "file:line  customer  message"; none is placed outside the repository's terms.
    expect(junit).not.toMatch(/^(\.\.\/|\/)\S*:\d+ {2}/m);

    const gitlab = JSON.parse(readFileSync(out('gitlab'), 'utf8')) as Array<{ location: { path: string } }>;
    expect(gitlab.map((issue) => issue.location.path)).toEqual(Array(7).fill(AUDIENCE));
  });

  it('gives the same fingerprints wherever the check ran', async () => {
    const fromTools = await runCli(['check', '../campaigns/yoga-mat', '--format', 'gitlab'], { cwd: tools });
    const fromRoot = await runCli(['check', 'campaigns/yoga-mat', '--format', 'gitlab'], { cwd: repo });
    expect(fromTools.stdout).toBe(fromRoot.stdout);
  });
});

describe('repositoryPaths', () => {
  const { repo, tools } = repository();
  const place = repositoryPaths(tools);

  it('gives a path relative to the folder holding .git above the file, with forward slashes', () => {
    expect(place('../campaigns/yoga-mat/audience.csv')).toBe(AUDIENCE);
    expect(place(path.join(repo, AUDIENCE))).toBe(AUDIENCE);
    expect(place('local.csv')).toBe('tools/local.csv');
  });

  it('falls back to the working folder for a file in no repository, and gives up outside it', () => {
    const plain = newFolder();
    const here = repositoryPaths(plain);
    // The temporary folder lies in no repository (a test run from a checkout keeps it outside).
    expect(here('sub/a.csv')).toBe('sub/a.csv');
    expect(here(path.join(plain, 'sub/a.csv'))).toBe('sub/a.csv');
    expect(here(path.join(path.dirname(plain), 'elsewhere/a.csv'))).toBeUndefined();
  });
});
