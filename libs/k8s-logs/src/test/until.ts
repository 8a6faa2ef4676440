/** Waits for a condition that the fakes' events and the short retry timers will make true, one turn of the event loop at a time. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
