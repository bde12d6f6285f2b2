/** What a birth-date guess is counted by: a hash of the client's address, one per IPv6 /64 network. */
import { describe, expect, it } from 'vitest';
import { sourceKeyOf } from '../../server/booking/resident-verification.ts';

describe('sourceKeyOf', () => {
  it('gives one key to the addresses of one IPv6 /64, however they are written', () => {
    const key = sourceKeyOf('2001:db8:0:1::1');
    expect(sourceKeyOf('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(sourceKeyOf('2001:DB8:0:1:abcd::9')).toBe(key);
    expect(sourceKeyOf('2001:db8:0:2::1')).not.toBe(key);
  });

  it('keeps IPv4 addresses apart, an IPv4-mapped one being its IPv4 address', () => {
    expect(sourceKeyOf('192.0.2.1')).not.toBe(sourceKeyOf('192.0.2.2'));
    expect(sourceKeyOf('::ffff:192.0.2.1')).toBe(sourceKeyOf('192.0.2.1'));
  });

  it('stores no address: a fixed-length hash', () => {
    expect(sourceKeyOf('192.0.2.1')).toMatch(/^[0-9a-f]{32}$/);
  });
});
