/**
 * A one-line progress bar on stderr (stdout stays clean for data). On a non-TTY it prints
 * a line every 10% instead of redrawing.
 */
export interface ProgressBar {
  update(done: number): void;
  finish(message?: string): void;
}

export function createProgressBar(
  label: string,
  total: number,
  stream = process.stderr,
): ProgressBar {
  const started = Date.now();
  const isTty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let lastDone = 0;

  const render = (done: number) => {
    const ratio = total > 0 ? Math.min(done / total, 1) : 1;
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const width = 30;
    const filled = Math.round(ratio * width);
    return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${(ratio * 100).toFixed(0)}% ${rate.toFixed(0)}/s ETA ${eta.toFixed(0)}s`;
  };

  return {
    update(done) {
      lastDone = done;
      if (isTty) {
        stream.write(`\r${render(done)}`);
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${render(done)}\n`);
      }
    },
    finish(message) {
      if (isTty) stream.write(`\r${render(lastDone)}\n`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (message) stream.write(`${message} in ${seconds}s\n`);
    },
  };
}
