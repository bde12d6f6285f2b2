/** The desk audit chain's canonical spelling (domain/audit-chain.ts) and its link checks. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditGenesisHash,
  auditLinkText,
  checkAuditLinks,
  type DeskAuditLink,
  deskAuditCanonical,
  type StoredAuditLink,
} from '../../domain/audit-chain.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const entry = (chainSeq: number, overrides: Partial<DeskAuditLink> = {}): DeskAuditLink => ({
  chainSeq,
  at: '2030-06-01T00:00:00.000Z',
  staffId: 'staff-1',
  action: 'coupon.view',
  entity: 'coupon',
  entityIds: ['c1'],
  detail: { screen: 'desk', rowCount: 1 },
  ...overrides,
});

function chain(n: number): StoredAuditLink[] {
  let prev = auditGenesisHash;
  return Array.from({ length: n }, (_, i) => {
    const link = entry(i + 1, { entityIds: [`c${i + 1}`] });
    const hash = sha256(auditLinkText(prev, link));
    const stored = { ...link, rowId: 100 + i, prevHash: prev, entryHash: hash };
    prev = hash;
    return stored;
  });
}

describe('deskAuditCanonical', () => {
  it('is the array of the covered fields in a fixed order, keys sorted, no whitespace', () => {
    expect(deskAuditCanonical(entry(12, { detail: { z: 1, a: { y: [1, 'x'], b: null } } }))).toBe(
      '["12","2030-06-01T00:00:00.000Z","staff-1","coupon.view","coupon",["c1"],{"a":{"b":null,"y":[1,"x"]},"z":1}]',
    );
  });

  it('spells equal entries alike whatever the key order, and a nobody as null', () => {
    const a = entry(1, { detail: { b: 2, a: 1 }, staffId: null });
    const b = entry(1, { detail: { a: 1, b: 2 }, staffId: null });
    expect(deskAuditCanonical(a)).toBe(deskAuditCanonical(b));
    expect(deskAuditCanonical(a)).toContain('"1","2030-06-01T00:00:00.000Z",null,');
  });

  it('differs when the position, a field or an id differs', () => {
    const base = deskAuditCanonical(entry(1));
    for (const other of [
      entry(2),
      entry(1, { at: '2030-06-01T00:00:00.001Z' }),
      entry(1, { staffId: 'staff-2' }),
      entry(1, { action: 'coupon.print' }),
      entry(1, { entity: 'booking' }),
      entry(1, { entityIds: ['c1', 'c2'] }),
      entry(1, { detail: { screen: 'desk', rowCount: 2 } }),
    ]) {
      expect(deskAuditCanonical(other)).not.toBe(base);
    }
  });

  it('links to the hash before it with a newline', () => {
    expect(auditLinkText('ab', entry(3))).toBe(`ab\n${deskAuditCanonical(entry(3))}`);
  });
});

describe('checkAuditLinks', () => {
  const start = { expected: 1, prev: auditGenesisHash };

  it('walks an intact chain to its end', () => {
    const rows = chain(5);
    expect(checkAuditLinks(rows, start, sha256)).toEqual({
      expected: 6,
      prev: rows[4]!.entryHash,
      broken: null,
    });
  });

  it('goes on from where a previous page ended', () => {
    const rows = chain(6);
    const first = checkAuditLinks(rows.slice(0, 3), start, sha256);
    expect(checkAuditLinks(rows.slice(3), first, sha256).broken).toBeNull();
  });

  it('names the first broken link: edited, deleted, inserted, reordered', () => {
    const edited = chain(4);
    edited[2] = { ...edited[2]!, staffId: 'someone' };
    expect(checkAuditLinks(edited, start, sha256).broken).toMatchObject({ position: 3, entryId: 102 });

    const deleted = chain(4).filter((r) => r.chainSeq !== 2);
    expect(checkAuditLinks(deleted, start, sha256).broken).toMatchObject({ position: 2, entryId: null });

    const rows = chain(4);
    const inserted = [...rows.slice(0, 2), { ...rows[1]!, rowId: 999 }, ...rows.slice(2)];
    expect(checkAuditLinks(inserted, start, sha256).broken).toMatchObject({ position: 2, entryId: 999 });

    const swapped = chain(4);
    const [second, third] = [swapped[1]!, swapped[2]!];
    swapped[1] = { ...third, chainSeq: 2 };
    swapped[2] = { ...second, chainSeq: 3 };
    expect(checkAuditLinks(swapped, start, sha256).broken).toMatchObject({ position: 2, entryId: 102 });
  });
});
