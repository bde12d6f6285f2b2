import { describe, expect, test } from 'vitest';
import { ServerSentEventParser } from '../../../renderer/src/api/sse-parser.ts';

describe('ServerSentEventParser', () => {
  test('returns the data of each complete event and ignores comments and other fields', () => {
    const parser = new ServerSentEventParser();
    expect(parser.feed(': connected\n\ndata: {"a":1}\n\nevent: x\nid: 7\nretry: 100\ndata: two\n\n')).toEqual(
      ['{"a":1}', 'two'],
    );
  });

  test('keeps an event split across chunks until its blank line arrives', () => {
    const parser = new ServerSentEventParser();
    expect(parser.feed('da')).toEqual([]);
    expect(parser.feed('ta: {"type":"data-')).toEqual([]);
    expect(parser.feed('changed"}\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual(['{"type":"data-changed"}']);
  });

  test('joins multi-line data with newlines and accepts CRLF and CR line ends', () => {
    const parser = new ServerSentEventParser();
    expect(parser.feed('data: one\r\ndata:two\r\n\r\n')).toEqual(['one\ntwo']);
    expect(parser.feed('data: three\r')).toEqual([]);
    expect(parser.feed('\r\n')).toEqual(['three']);
    // A trailing CR may be half of a CRLF, so the event ends only once the next character is known.
    expect(parser.feed('data: four\r\rdata: five\r\r')).toEqual(['four']);
    expect(parser.feed('\n')).toEqual(['five']);
  });

  test('a blank line without data yields nothing (heartbeats)', () => {
    const parser = new ServerSentEventParser();
    expect(parser.feed(': heartbeat\n\n\n\n')).toEqual([]);
  });
});
