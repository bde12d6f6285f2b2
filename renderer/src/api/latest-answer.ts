/**
 * Answers over HTTP (browser mode) can overtake each other: a read sent before a change may answer
 * after a read sent after it. For a screen that re-reads on every change event, only the answer to
 * the latest request may be shown, or a stale read overwrites a fresh one and stays on screen.
 */
export function deliverLatestOnly<A extends unknown[], T>(
  request: (...args: A) => Promise<T>,
  deliver: (value: T) => void,
): (...args: A) => void {
  let latest = 0;
  return (...args: A) => {
    const ticket = ++latest;
    request(...args).then(
      (value) => {
        if (ticket === latest) deliver(value);
      },
      () => {
        // A failed re-read leaves the screen as it was; the next change event reads again.
      },
    );
  };
}
