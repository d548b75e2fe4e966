import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollWhileVisible, type VisibilitySource } from '../../web/app/visible-poll.js';

/** A document whose visibility the test flips, as a browser does when a tab is hidden or shown. */
class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  show(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('the lobby polls only while its page is visible', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls on its interval while shown, not at all while hidden, and at once on coming back', () => {
    const doc = new FakeDocument();
    const poll = vi.fn();
    const stop = pollWhileVisible(poll, 15_000, doc as unknown as VisibilitySource);
    vi.advanceTimersByTime(45_000);
    expect(poll).toHaveBeenCalledTimes(3);

    doc.show('hidden');
    vi.advanceTimersByTime(10 * 60_000);
    expect(poll).toHaveBeenCalledTimes(3);

    doc.show('visible');
    expect(poll).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(15_000);
    expect(poll).toHaveBeenCalledTimes(5);

    stop();
    doc.show('hidden');
    doc.show('visible');
    vi.advanceTimersByTime(60_000);
    expect(poll).toHaveBeenCalledTimes(5);
  });

  it('starts quiet in a tab opened in the background', () => {
    const doc = new FakeDocument();
    doc.visibilityState = 'hidden';
    const poll = vi.fn();
    pollWhileVisible(poll, 15_000, doc as unknown as VisibilitySource);
    vi.advanceTimersByTime(60_000);
    expect(poll).not.toHaveBeenCalled();
  });
});
