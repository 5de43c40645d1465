// How a measuring child process hands its result back: over the IPC channel when bench/run.mjs
// forked it, else as JSON on stdout (for running a child by hand).

/** The CPU time of every thread of this process since `since` (a process.cpuUsage()), in ms. */
export function cpuMsSince(since) {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

export async function sendResult(measure) {
  let result;
  try {
    result = { ok: true, ...(await measure()) };
  } catch (err) {
    result = { ok: false, error: err?.stack ?? String(err) };
    process.exitCode = 1;
  }
  if (process.send) await new Promise((done) => process.send(result, done));
  else console.log(JSON.stringify(result, null, 2));
}
