/** Polls `fn` every 100 ms until `ok` holds of its value, and returns that value; fails naming `what` after `ms`. */
export async function eventually<T>(fn: () => T, ok: (v: T) => boolean, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
