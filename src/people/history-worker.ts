// Worker thread: digests orders and contacts while the main thread reads customers.

import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { digestHistory, type DigestRequest } from './history-digest.js';

parentPort!.once('message', (request: DigestRequest) => {
  digestHistory(request).then(
    (digest) =>
      parentPort!.postMessage({ digest }, [
        digest.orderCounts.buffer as ArrayBuffer,
        digest.lastOrderBefore.buffer as ArrayBuffer,
      ]),
    (error: unknown) =>
      parentPort!.postMessage({
        error:
          error instanceof InputError
            ? { input: true, ...error.marked, file: error.file, line: error.line, column: error.column }
            : { input: false, message: error instanceof Error ? error.message : String(error), stack: (error as Error)?.stack },
      }),
  );
});
