// What every fake-electron scenario needs: the stand-in's recorded state, waiting for the app to get
// somewhere, and handing its report to the test (one `REPORT:{json}` line on stdout, then exit).
export const state = globalThis.__fakeElectron;

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 20 ms for up to 15 s. */
export async function until(condition, what) {
  for (let waited = 0; waited < 15_000; waited += 20) {
    if (condition()) return;
    await delay(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs `scenario` (which answers its report), prints the report or the error, and ends the process. */
export function runScenario(scenario, settleMs = 300) {
  scenario().then(
    async (report) => {
      process.stdout.write(`REPORT:${JSON.stringify(report)}\n`);
      // Let will-quit's service.shutdown() stop ffmpeg and close files.
      await delay(settleMs);
      process.exit(0);
    },
    (error) => {
      process.stdout.write(`REPORT:${JSON.stringify({ error: String(error?.stack ?? error) })}\n`);
      process.exit(1);
    },
  );
}
