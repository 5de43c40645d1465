import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';

/** The InputError the promise rejects with; the test fails when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}
