import { describe, expect, it } from 'vitest';
import { createSoloGate } from './solo-gate.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('solo gate', () => {
  it('runs a suspect batch only once nothing else is in flight, and holds new claims meanwhile', async () => {
    const gate = createSoloGate();
    const events: string[] = [];
    gate.enter(); // a batch already running
    const solo = gate.runAlone(async () => {
      events.push('solo runs');
      await tick();
      events.push('solo done');
    });
    await tick();
    expect(gate.pending).not.toBeNull();
    expect(events).toEqual([]);
    events.push('batch done');
    gate.leave();
    await solo;
    expect(events).toEqual(['batch done', 'solo runs', 'solo done']);
    expect(gate.pending).toBeNull();
  });

  it('two suspect batches run one after the other, never together', async () => {
    const gate = createSoloGate();
    let running = 0;
    let most = 0;
    const alone = () =>
      gate.runAlone(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
      });
    await Promise.all([alone(), alone(), alone()]);
    expect(most).toBe(1);
  });

  it('a failing solo run releases the gate', async () => {
    const gate = createSoloGate();
    await expect(
      gate.runAlone(async () => {
        throw new Error('worker stage threw');
      }),
    ).rejects.toThrow('worker stage threw');
    expect(gate.pending).toBeNull();
  });
});
