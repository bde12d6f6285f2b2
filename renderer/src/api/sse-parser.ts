/**
 * An incremental parser for a text/event-stream body: feed it decoded text as it arrives and it
 * returns the `data` of every complete event. Only `data:` fields matter to us; comments
 * (heartbeats), `event:`, `id:` and `retry:` lines are ignored.
 */
export class ServerSentEventParser {
  #buffer = '';
  #dataLines: string[] = [];

  /** Returns the data payloads of the events completed by this chunk, in order. */
  feed(chunk: string): string[] {
    this.#buffer += chunk;
    const completed: string[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      // A lone trailing CR may be the first half of CRLF: wait for the next chunk.
      if (!match || (match[0] === '\r' && match.index === this.#buffer.length - 1)) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (this.#dataLines.length > 0) completed.push(this.#dataLines.join('\n'));
        this.#dataLines = [];
      } else if (line.startsWith('data:')) {
        const value = line.slice(5);
        this.#dataLines.push(value.startsWith(' ') ? value.slice(1) : value);
      }
    }
    return completed;
  }
}
