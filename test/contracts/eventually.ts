/**
 * Retries an assertion until it holds, for reads that are allowed to lag (an index, a queue). Not a
 * timing assertion: fast adapters pass on the first try, and only a result that never comes fails.
 */
export async function eventually(assertion: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
