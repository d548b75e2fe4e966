/** What polling needs of a document: whether it is shown, and word when that changes. */
export type VisibilitySource = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

/**
 * Runs `poll` every `everyMs` while the document is visible, and once when it becomes visible again
 * (what changed meanwhile shows at once); a hidden tab asks nothing. Answers the stop function.
 */
export function pollWhileVisible(poll: () => void, everyMs: number, doc: VisibilitySource = document): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = () => {
    timer ??= setInterval(poll, everyMs);
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') {
      poll();
      start();
    } else stop();
  };
  if (doc.visibilityState === 'visible') start();
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    stop();
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
