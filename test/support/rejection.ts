/** What `p` rejects with; throws if `p` resolves (so a test can inspect the error's type and fields). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
