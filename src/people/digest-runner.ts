// Runs the history digest in a worker thread when the package is built, so that orders and
// contacts are read on the second core while customers are read on the first; inline otherwise
// (running from the TypeScript sources, as the unit tests do).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { digestHistory, type DigestRequest, type HistoryDigest } from './history-digest.js';

export interface RunningDigest {
  result: Promise<HistoryDigest>;
  cancel(): void;
}

const WORKER_FILE = new URL('./history-worker.js', import.meta.url);

type WorkerReply =
  | { digest: HistoryDigest }
  | { error: { input: true; message: string; file?: string; line?: number; column?: number; details: string[] } }
  | { error: { input: false; message: string; stack?: string } };

export function startDigest(request: DigestRequest): RunningDigest {
  const nothingToRead = !request.orders && !(request.contacts && request.contactLookbackMs > 0);
  if (nothingToRead || !existsSync(fileURLToPath(WORKER_FILE))) {
    const result = digestHistory(request);
    result.catch(() => {}); // awaited by the caller unless it failed first
    return { result, cancel: () => {} };
  }
  const worker = new Worker(WORKER_FILE);
  const result = new Promise<HistoryDigest>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      void worker.terminate();
      if ('digest' in reply) resolve(reply.digest);
      else if (reply.error.input) {
        const { message, file, line, column, details } = reply.error;
        reject(new InputError(message, { file, line, column }, details));
      } else {
        // The worker's stack, for --debug; the message alone otherwise.
        const error = new Error(`history worker: ${reply.error.message}`);
        if (reply.error.stack) error.stack = reply.error.stack;
        reject(error);
      }
    });
    worker.once('error', reject);
    // Without a reply (out of memory, say) the run would otherwise wait forever; after one this does nothing.
    worker.once('exit', (code) => reject(new Error(`history worker: stopped without a result (exit code ${code})`)));
  });
  result.catch(() => {});
  worker.postMessage(request);
  return { result, cancel: () => void worker.terminate() };
}
