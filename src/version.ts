import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's home; every link a report carries starts here. */
export const REPOSITORY_URL = 'https://github.com/campaign-preflight/campaign-preflight';

/** The package's own folder: where package.json is, whether running from src/ or dist/src/. */
export const PACKAGE_ROOT: string = (() => {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'campaign-preflight') return folder;
    } catch {
      // no package.json here: keep climbing
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('campaign-preflight: cannot find its own package.json');
    folder = parent;
  }
})();

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
