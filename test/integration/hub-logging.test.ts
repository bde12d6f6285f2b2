import { expect, it } from 'vitest';
import type { BookingsResponse } from '../../domain/hub-api/public-api.ts';
import { startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends } from './hub-support.ts';

describeHubBackends('logs', (ctx) => {
  it('carry no personal data, even at trace level and for refused requests', async () => {
    const fx = await createFixture(ctx.sql);
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon({ ticketNumber: '0987654321', birthDate: '1947-04-01' });
    const lines: string[] = [];
    const hub = await startHub(ctx.sql, { logLines: lines });
    try {
      const proof = { ticketNumber: coupon.ticketNumber, birthDate: '昭和22年4月1日' };
      const booked = await hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
        body: { ...proof, slotId, phone: '090-2468-1357', email: 'taro@example.jp' },
        headers: { 'idempotency-key': 'logging-key-1' },
      });
      const bookingNumber = booked.body.bookings![0]!.bookingNumber;
      await hub.request('POST', '/api/v1/public/bookings/lookup', { body: proof });
      await hub.request('POST', '/api/v1/public/bookings/lookup', {
        body: { ...proof, birthDate: '1947-04-02' },
      });
      await hub.request('POST', `/api/v1/public/bookings/${bookingNumber}/cancel`, { body: proof });
      await hub.request('POST', '/api/v1/public/bookings', {
        body: { ...proof, slotId, email: 'not-an-address' },
        headers: { 'idempotency-key': 'logging-key-2' },
      });
      await hub.request('GET', `/api/v1/public/slots?venueId=${fx.venueId}&from=2030-06-01`);

      const log = lines.join('\n');
      expect(lines.length).toBeGreaterThan(10);
      for (const personal of [
        '0987654321',
        '1947-04-01',
        '1947-04-02',
        '昭和22',
        '090-2468-1357',
        '09024681357',
        'taro@example.jp',
        'not-an-address',
        bookingNumber,
        '山田',
      ]) {
        expect(log).not.toContain(personal);
      }
      // The client's address stays out of request lines (only the server's own address is logged, at start).
      expect(lines.filter((l) => l.includes('"reqId"')).join('\n')).not.toContain('127.0.0.1');
      expect(log).toContain('"route":"/api/v1/public/bookings/:bookingNumber/cancel"');
      expect(log).toContain('"code":"NOT_VERIFIED"');
    } finally {
      await hub.close();
    }
  });
});
