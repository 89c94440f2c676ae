/**
 * True at most once per `intervalMs` (and on the first call): long jobs report progress
 * every page, and this keeps a million-row job from writing a million progress updates.
 */
export function everyMs(intervalMs: number): () => boolean {
  let last = 0;
  return () => {
    if (Date.now() - last < intervalMs) return false;
    last = Date.now();
    return true;
  };
}
