import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { maxContactPhoneLength, maxNotesLength } from '../../domain/booking-rules/booking-fields.ts';
import { openApiDocumentJson, openApiFileUrl } from '../../server/openapi-file.ts';

it('has the checked-in OpenAPI document up to date (npm run hub -- openapi --out server/openapi.json)', async () => {
  expect(readFileSync(openApiFileUrl, 'utf8')).toBe(await openApiDocumentJson());
});

it('documents every route with its error codes', async () => {
  const document = JSON.parse(await openApiDocumentJson());
  expect(Object.keys(document.paths).sort()).toEqual([
    '/api/v1/public/bookings',
    '/api/v1/public/bookings/lookup',
    '/api/v1/public/bookings/plan',
    '/api/v1/public/bookings/{bookingNumber}/cancel',
    '/api/v1/public/municipalities',
    '/api/v1/public/slots',
    '/api/v1/public/venues',
    '/api/v1/sync/audit-entries',
    '/api/v1/sync/changes',
    '/api/v1/sync/coupon-imports',
    '/api/v1/sync/coupon-imports/{importId}',
    '/api/v1/sync/coupon-imports/{importId}/apply',
    '/api/v1/sync/coupon-imports/{importId}/problems',
    '/api/v1/sync/events',
    '/api/v1/sync/holds',
    '/api/v1/sync/holds/{holdId}/extend',
    '/api/v1/sync/holds/{holdId}/release',
    '/api/v1/sync/login',
    '/api/v1/sync/manager-catalog',
    '/api/v1/sync/password',
    '/api/v1/sync/products',
    '/api/v1/sync/products/{productId}',
    '/api/v1/sync/products/{productId}/retire',
    '/api/v1/sync/push',
    '/api/v1/sync/slot-cancellations',
    '/api/v1/sync/slot-cancellations/preview',
    '/api/v1/sync/slots/bulk-change',
    '/api/v1/sync/slots/{slotId}',
    '/api/v1/sync/snapshot',
    '/api/v1/sync/staff',
    '/api/v1/sync/staff/{staffId}',
    '/api/v1/sync/staff/{staffId}/password-reset',
    '/api/v1/sync/venues',
    '/api/v1/sync/venues/{venueId}',
    '/api/v1/sync/venues/{venueId}/slot-generation',
    '/api/v1/sync/venues/{venueId}/slot-generation/preview',
    '/healthz',
  ]);
  const pull = document.paths['/api/v1/sync/changes'].get;
  expect(pull.parameters).toContainEqual(
    expect.objectContaining({ name: 'X-Hub-Protocol', in: 'header', required: true }),
  );
  expect(pull.responses['410'].description).toBe('RESNAPSHOT');
  const book = document.paths['/api/v1/public/bookings'].post;
  expect(book.parameters).toContainEqual(
    expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
  );
  expect(Object.keys(book.responses).sort()).toEqual([
    '201',
    '401',
    '409',
    '413',
    '415',
    '422',
    '423',
    '429',
  ]);
  expect(book.responses['409'].description).toBe(
    'SLOT_FULL | SLOT_STARTED | ALREADY_BOOKED | NOT_ELIGIBLE | IDEMPOTENCY_CONFLICT',
  );
  expect(book.requestBody.content['application/json'].schema.required).toEqual([
    'ticketNumber',
    'birthDate',
    'slotId',
  ]);
  expect(pull.security).toEqual([{ syncSession: [] }]);
  // The booking field rule (domain/booking-rules/booking-fields.ts) is a refinement: its limits are still documented.
  const [bookMutation] =
    document.paths['/api/v1/sync/push'].post.requestBody.content['application/json'].schema.properties
      .mutations.items.oneOf;
  expect(bookMutation.properties.kind.const).toBe('book');
  expect(bookMutation.properties.payload.properties).toMatchObject({
    contactPhone: { type: 'string', maxLength: maxContactPhoneLength },
    notes: { type: 'string', maxLength: maxNotesLength },
  });
  expect(document.paths['/api/v1/sync/login'].post.security).toBeUndefined();
  expect(document.paths['/api/v1/sync/login'].post.responses['403'].description).toBe(
    'PASSWORD_CHANGE_REQUIRED',
  );
  expect(document.paths['/api/v1/sync/password'].post.security).toBeUndefined();
  const createStaff = document.paths['/api/v1/sync/staff'].post;
  expect(createStaff.security).toEqual([{ syncSession: [] }]);
  expect(createStaff.requestBody.content['application/json'].schema.required).toEqual([
    'login',
    'displayName',
    'role',
    'password',
  ]);
  expect(document.paths['/api/v1/sync/staff/{staffId}'].patch.responses['404'].description).toBe('NOT_FOUND');
  expect(document.components.schemas.StaffAccount).toBeDefined();
  expect(Object.keys(document.paths['/api/v1/sync/events'].get.responses['200'].content)).toEqual([
    'text/event-stream',
  ]);
  expect(document.paths['/api/v1/sync/holds'].post.responses['410'].description).toBe('HOLD_EXPIRED');
  expect(document.paths['/api/v1/sync/slots/{slotId}'].patch.responses['409'].description).toBe(
    'CAPACITY_BELOW_BOOKED',
  );
  const generate = document.paths['/api/v1/sync/venues/{venueId}/slot-generation'].post;
  expect(generate.responses['409'].description).toBe('OVERLAP');
  expect(generate.security).toEqual([{ syncSession: [] }]);
  expect(document.paths['/api/v1/sync/slots/bulk-change'].post.responses['403'].description).toBe(
    'FORBIDDEN',
  );
  const upload = document.paths['/api/v1/sync/coupon-imports'].post;
  expect(Object.keys(upload.requestBody.content)).toContain('text/csv');
  expect(upload.requestBody.content['text/csv'].schema).toEqual({ type: 'string', format: 'binary' });
  expect(document.components.schemas.Error.properties.error.properties.belowBooked).toBeDefined();
  expect(document.components.schemas.BelowBooked).toBeDefined();
  expect(document.components.schemas.CouponImport).toBeDefined();
  expect(document.components.schemas.Hold).toBeDefined();
  expect(document.components.schemas.Error).toBeDefined();
  expect(document.components.schemas.Booking).toBeDefined();
});
