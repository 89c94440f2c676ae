/**
 * The reliability scenarios run at two sizes: in full under `pnpm test:reliability`, and a
 * short version inside `pnpm test` (REFINERY_RELIABILITY=short) with the same checks on
 * fewer conversations.
 */
export const SHORT_RUN = process.env.REFINERY_RELIABILITY === 'short';

export const scaled = (full: number, short: number) => (SHORT_RUN ? short : full);

/** Printed as the scenario runs; docs/RELIABILITY.md quotes them. */
export function recordFigure(name: string, value: number | string) {
  console.log(`RELIABILITY FIGURE ${name}: ${value}`);
}
