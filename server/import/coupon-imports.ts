/**
 * A coupon list import in two steps, the same for a manager's desk over HTTP and for
 * `hub import-coupons`:
 *
 * 1. read (readCouponFile): the file is read once as a stream; each row is checked
 *    (domain/coupon-list/coupon-rows.ts), valid rows are staged in coupon_import_rows in batches (a ticket twice in the
 *    file is found by the table's unique key: the later row is rejected), and every problem is
 *    recorded by row number, field and reason, never with the value. Memory stays that of one batch
 *    however long the list. The answer is the preview: the column mapping, the first rows, the first
 *    problems, the counts.
 * 2. apply (applyCouponImport): the staged rows are upserted in chunks, each in one hub transaction
 *    with its change-log rows and an audit entry, that also moves the import's applied_through; a
 *    call does up to maxRows rows and answers the progress, so a desk shows a progress bar, and an
 *    import interrupted anywhere goes on from where it stopped (concurrent calls queue on the
 *    import's row lock). When all are applied the staged rows (personal data) are deleted.
 *
 * A session of one municipality imports that municipality's coupons only; rows of a municipality no
 * active venue here takes are imported and counted (notServed), as the command line always did.
 */
import { randomUUID } from 'node:crypto';
import { couponFileFormat } from '../../domain/coupon-list/coupon-file-format.ts';
import {
  type CouponRowValues,
  checkCouponRow,
  type HeaderMap,
  mapHeader,
  type RowProblem,
} from '../../domain/coupon-list/coupon-rows.ts';
import {
  fileProblems,
  otherMunicipalityReason,
  sameTicketReason,
} from '../../domain/coupon-list/row-problems.ts';
import type { CouponImportPreview, CouponImportView } from '../../domain/hub-api/manager-api.ts';
import { type AuditActor, appendAudit } from '../audit/audit-log.ts';
import { ensureMunicipalities, upsertCoupons } from '../catalog/catalog-writes.ts';
import { servedMunicipalities } from '../catalog/public-catalog.ts';
import { HubError } from '../hub-error.ts';
import type { HubSql, SqlExecutor } from '../store/hub-sql.ts';
import { type HubTx, runHubTransaction } from '../store/hub-transaction.ts';
import { openCouponFile } from './coupon-file.ts';
import { CsvSyntaxError } from './csv.ts';

/** Who imports: a signed-in manager (their municipality, if any, bounds the rows), or the command line. */
export interface ImportActor {
  audit: AuditActor;
  municipalityCode: string | null;
}

export const commandLineImporter: ImportActor = { audit: null, municipalityCode: null };

interface ImportRow {
  id: string;
  municipality_code: string | null;
  created_at: Date;
  file_name: string;
  format: 'csv' | 'xlsx';
  encoding: CouponImportView['encoding'];
  state: CouponImportView['state'];
  header: Array<{ header: string; column: string | null }>;
  data_rows: number;
  valid_rows: number;
  rejected_rows: number;
  not_served: Record<string, number>;
  applied_through: number;
  applied_rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  new_municipalities: string[];
}

interface StagedRow extends CouponRowValues {
  row_number: number;
}

/** Rows staged per statement while reading, and upserted per transaction while applying. */
const batchSize = 1000;
/** Rows one apply call does unless told otherwise. */
export const defaultApplyRows = 20_000;
export const previewRowCount = 10;
export const previewProblemCount = 100;

export function importViewOf(row: ImportRow): CouponImportView {
  const notServed = Object.entries(row.not_served).sort(([a], [b]) => a.localeCompare(b));
  return {
    id: row.id,
    state: row.state,
    fileName: row.file_name,
    format: row.format,
    encoding: row.encoding,
    dataRows: row.data_rows,
    validRows: row.valid_rows,
    rejectedRows: row.rejected_rows,
    appliedRows: row.applied_rows,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    newMunicipalities: row.new_municipalities,
    notServed: {
      rows: notServed.reduce((n, [, k]) => n + k, 0),
      municipalities: notServed.map(([code]) => code),
    },
    createdAt: row.created_at.toISOString(),
  };
}

const stagedColumns = [
  'municipality_code',
  'ticket_number',
  'name',
  'name_kana',
  'name_kana_key',
  'birth_date',
  'sex',
  'address',
  'phone',
  'phone_key',
] as const;
const fieldOf: Record<(typeof stagedColumns)[number], keyof CouponRowValues> = {
  municipality_code: 'municipalityCode',
  ticket_number: 'ticketNumber',
  name: 'name',
  name_kana: 'nameKana',
  name_kana_key: 'nameKanaKey',
  birth_date: 'birthDate',
  sex: 'sex',
  address: 'address',
  phone: 'phone',
  phone_key: 'phoneKey',
};

/** Reading one file into an import: batches of staged rows and of problems. */
class ImportReader {
  private problems: Array<{ row: number } & RowProblem> = [];
  private staged: Array<{ row: number; values: CouponRowValues }> = [];
  private problemCount = 0;
  private rejectedRows = new Set<number>();
  dataRows = 0;
  validRows = 0;

  private readonly sql: SqlExecutor;
  private readonly importId: string;

  constructor(sql: SqlExecutor, importId: string) {
    this.sql = sql;
    this.importId = importId;
  }

  get rejected(): number {
    return this.rejectedRows.size;
  }

  reject(row: number, problems: readonly RowProblem[]): void {
    this.rejectedRows.add(row);
    for (const p of problems) this.problems.push({ row, ...p });
  }

  async stage(row: number, values: CouponRowValues): Promise<void> {
    this.staged.push({ row, values });
    if (this.staged.length >= batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.staged;
    this.staged = [];
    // A ticket twice in this batch: the first stays, the others are rejected.
    const firstOf = new Map<string, number>();
    const unique = batch.filter(({ row, values }) => {
      const key = `${values.municipalityCode}:${values.ticketNumber}`;
      const first = firstOf.get(key);
      if (first === undefined) {
        firstOf.set(key, row);
        return true;
      }
      this.reject(row, [{ field: 'ticket_number', reason: sameTicketReason(first) }]);
      return false;
    });
    if (unique.length > 0) {
      const inserted = await this.sql.query<{ row_number: number }>(
        `INSERT INTO coupon_import_rows (import_id, row_number, ${stagedColumns.join(', ')})
         SELECT $1, t.* FROM unnest($2::int[], ${stagedColumns.map((_, i) => `$${i + 3}::${i === 5 ? 'date' : 'text'}[]`).join(', ')})
           AS t (row_number, ${stagedColumns.join(', ')})
         ON CONFLICT (import_id, municipality_code, ticket_number) DO NOTHING
         RETURNING row_number`,
        [
          this.importId,
          unique.map((s) => s.row),
          ...stagedColumns.map((column) => unique.map((s) => s.values[fieldOf[column]])),
        ],
      );
      this.validRows += inserted.length;
      const kept = new Set(inserted.map((r) => r.row_number));
      const repeated = unique.filter((s) => !kept.has(s.row));
      if (repeated.length > 0) {
        // Tickets staged from an earlier batch: name the row that has them.
        const earlier = await this.sql.query<{
          municipality_code: string;
          ticket_number: string;
          row_number: number;
        }>(
          `SELECT r.municipality_code, r.ticket_number, r.row_number FROM coupon_import_rows r
             JOIN unnest($2::text[], $3::text[]) AS t (municipality_code, ticket_number)
               ON t.municipality_code = r.municipality_code AND t.ticket_number = r.ticket_number
            WHERE r.import_id = $1`,
          [
            this.importId,
            repeated.map((s) => s.values.municipalityCode),
            repeated.map((s) => s.values.ticketNumber),
          ],
        );
        for (const s of repeated) {
          const first = earlier.find(
            (e) =>
              e.municipality_code === s.values.municipalityCode && e.ticket_number === s.values.ticketNumber,
          );
          this.reject(s.row, [{ field: 'ticket_number', reason: sameTicketReason(first?.row_number ?? 0) }]);
        }
      }
    }
    await this.flushProblems();
  }

  private async flushProblems(): Promise<void> {
    const problems = this.problems;
    this.problems = [];
    if (problems.length === 0) return;
    const first = this.problemCount + 1;
    this.problemCount += problems.length;
    await this.sql.query(
      `INSERT INTO coupon_import_problems (import_id, n, row_number, field, reason)
       SELECT $1, $2 + t.i - 1, t.row_number, t.field, t.reason
         FROM unnest($3::int[], $4::text[], $5::text[]) WITH ORDINALITY AS t (row_number, field, reason, i)`,
      [
        this.importId,
        first,
        problems.map((p) => p.row),
        problems.map((p) => p.field),
        problems.map((p) => p.reason),
      ],
    );
  }
}

/** Header cells with the column each is read as (null: not a column of the list, ignored). */
function columnsOf(
  cells: readonly string[],
  header: HeaderMap,
): Array<{ header: string; column: string | null }> {
  const byIndex = new Map([...header.entries()].map(([column, index]) => [index, column]));
  return cells.map((cell, index) => ({
    header: cell.trim().replace(/^\uFEFF/u, ''),
    column: byIndex.get(index) ?? null,
  }));
}

async function importRow(sql: SqlExecutor, importId: string, lock = false): Promise<ImportRow | undefined> {
  const [row] = await sql.query<ImportRow>(
    `SELECT * FROM coupon_imports WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [importId],
  );
  return row;
}

async function notServedCounts(sql: SqlExecutor, importId: string): Promise<Record<string, number>> {
  const perCode = await sql.query<{ municipality_code: string; n: number }>(
    'SELECT municipality_code, count(*)::int AS n FROM coupon_import_rows WHERE import_id = $1 GROUP BY 1',
    [importId],
  );
  const served = await servedMunicipalities(
    sql,
    perCode.map((r) => r.municipality_code),
  );
  return Object.fromEntries(
    perCode.filter((r) => !served.has(r.municipality_code)).map((r) => [r.municipality_code, r.n]),
  );
}

/**
 * Reads the file at `path` into a new import and answers its preview. A file that cannot be read as a
 * list (no header row, a column missing or doubled, an open quote) is refused (VALIDATION on `file`)
 * and leaves only the failed import's record.
 */
export async function readCouponFile(
  sql: HubSql,
  actor: ImportActor,
  file: { path: string; fileName: string },
  now: Date,
): Promise<CouponImportPreview> {
  const id = randomUUID();
  const format = couponFileFormat(file.fileName);
  await sql.query(
    `INSERT INTO coupon_imports (id, municipality_code, staff_id, device_id, created_at, updated_at, file_name, format, state)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 'reading')`,
    [
      id,
      actor.municipalityCode,
      actor.audit?.staffId ?? null,
      actor.audit?.deviceId ?? null,
      now,
      file.fileName,
      format,
    ],
  );
  const reader = new ImportReader(sql, id);
  let encoding: CouponImportView['encoding'] = null;
  let columns: Array<{ header: string; column: string | null }> = [];
  try {
    const opened = await openCouponFile(file.path, format);
    encoding = opened.encoding;
    let header: HeaderMap | null = null;
    for await (const row of opened.rows) {
      if (row.cells.every((c) => c.trim() === '')) continue;
      if (!header) {
        header = mapHeader(row.cells);
        columns = columnsOf(row.cells, header);
        continue;
      }
      reader.dataRows += 1;
      const checked = checkCouponRow(row.cells, header, now, row.numeric);
      if (!checked.ok) reader.reject(row.rowNumber, checked.problems);
      else if (actor.municipalityCode && checked.values.municipalityCode !== actor.municipalityCode) {
        reader.reject(row.rowNumber, [
          { field: 'municipality_code', reason: otherMunicipalityReason(actor.municipalityCode) },
        ]);
      } else await reader.stage(row.rowNumber, checked.values);
    }
    if (!header) throw new Error(fileProblems.empty);
    await reader.flush();
  } catch (error) {
    await sql.query(
      `UPDATE coupon_imports SET state = 'failed', failure = $2, encoding = $3, updated_at = $4 WHERE id = $1`,
      [id, (error as Error).message, encoding, now],
    );
    await sql.query('DELETE FROM coupon_import_rows WHERE import_id = $1', [id]);
    // The header's and the CSV's own messages name columns and record numbers, never values.
    if (
      error instanceof CsvSyntaxError ||
      (error instanceof Error && /^the (file|header|column)/u.test(error.message))
    ) {
      throw new HubError('VALIDATION', `The file cannot be read as a coupon list: ${error.message}.`, {
        fields: [{ path: 'file', message: error.message }],
      });
    }
    throw error;
  }
  const notServed = await notServedCounts(sql, id);
  const { result } = await runHubTransaction(sql, now, async (tx) => {
    const [row] = await tx.query<ImportRow>(
      `UPDATE coupon_imports SET state = 'previewed', encoding = $2, header = $3::jsonb, data_rows = $4, valid_rows = $5,
         rejected_rows = $6, not_served = $7::jsonb, updated_at = $8
       WHERE id = $1 RETURNING *`,
      [
        id,
        encoding,
        JSON.stringify(columns),
        reader.dataRows,
        reader.validRows,
        reader.rejected,
        JSON.stringify(notServed),
        tx.now,
      ],
    );
    await appendAudit(tx, actor.audit, {
      action: 'coupon_import.read',
      entity: 'coupon_import',
      entityId: id,
      municipalityCode: actor.municipalityCode,
      before: {},
      after: {
        fileName: file.fileName,
        dataRows: reader.dataRows,
        validRows: reader.validRows,
        rejectedRows: reader.rejected,
      },
    });
    return row!;
  });
  return previewOf(sql, result);
}

async function previewOf(sql: SqlExecutor, row: ImportRow): Promise<CouponImportPreview> {
  const first = await sql.query<StagedRow>(
    `SELECT row_number, municipality_code AS "municipalityCode", ticket_number AS "ticketNumber", name,
            name_kana AS "nameKana", birth_date AS "birthDate", sex, address, phone
       FROM coupon_import_rows WHERE import_id = $1 ORDER BY row_number LIMIT $2`,
    [row.id, previewRowCount],
  );
  return {
    import: importViewOf(row),
    columns: row.header,
    firstRows: first.map((r) => ({
      row: r.row_number,
      ticketNumber: r.ticketNumber,
      municipalityCode: r.municipalityCode,
      name: r.name,
      nameKana: r.nameKana,
      birthDate: r.birthDate,
      sex: r.sex,
      address: r.address,
      phone: r.phone,
    })),
    problems: (await problemsPage(sql, row.id, 0, previewProblemCount)).problems,
    notServedRows: await notServedRows(sql, row),
  };
}

/** The first rows (to import all the same) whose municipality no active venue here takes. */
async function notServedRows(sql: SqlExecutor, row: ImportRow) {
  const codes = Object.keys(row.not_served);
  if (codes.length === 0) return [];
  const rows = await sql.query<{ row_number: number; municipality_code: string }>(
    `SELECT row_number, municipality_code FROM coupon_import_rows
      WHERE import_id = $1 AND municipality_code = ANY($2::text[]) ORDER BY row_number LIMIT $3`,
    [row.id, codes, previewProblemCount],
  );
  return rows.map((r) => ({ row: r.row_number, municipalityCode: r.municipality_code }));
}

/** An import of the actor's own (a session of one municipality sees only that municipality's). */
async function ownImport(
  sql: SqlExecutor,
  actor: ImportActor,
  importId: string,
  lock = false,
): Promise<ImportRow> {
  const row = await importRow(sql, importId, lock);
  if (!row || (actor.municipalityCode && row.municipality_code !== actor.municipalityCode)) {
    throw new HubError('NOT_FOUND', 'No such import.');
  }
  return row;
}

export async function couponImport(
  sql: SqlExecutor,
  actor: ImportActor,
  importId: string,
): Promise<CouponImportView> {
  return importViewOf(await ownImport(sql, actor, importId));
}

/** The problems after position `after`, in row order (`next`: the position to go on from). */
export async function problemsPage(
  sql: SqlExecutor,
  importId: string,
  after: number,
  limit: number,
): Promise<{ problems: Array<{ row: number; field: string; reason: string }>; next: number | null }> {
  const rows = await sql.query<{ row_number: number; field: string; reason: string }>(
    `SELECT row_number, field, reason FROM coupon_import_problems WHERE import_id = $1
      ORDER BY row_number, n OFFSET $2 LIMIT $3`,
    [importId, after, limit + 1],
  );
  const page = rows.slice(0, limit).map((r) => ({ row: r.row_number, field: r.field, reason: r.reason }));
  return { problems: page, next: rows.length > limit ? after + limit : null };
}

export async function couponImportProblems(
  sql: SqlExecutor,
  actor: ImportActor,
  importId: string,
  after: number,
  limit: number,
) {
  await ownImport(sql, actor, importId);
  return problemsPage(sql, importId, after, limit);
}

/** An import's last step (applied or discarded): its staged rows go, with an audit entry. */
async function endImport(
  tx: HubTx,
  actor: ImportActor,
  row: ImportRow,
  state: 'applied' | 'discarded',
  detail: Record<string, unknown>,
): Promise<ImportRow> {
  await tx.query('DELETE FROM coupon_import_rows WHERE import_id = $1', [row.id]);
  const [ended] = await tx.query<ImportRow>(
    'UPDATE coupon_imports SET state = $2, updated_at = $3 WHERE id = $1 RETURNING *',
    [row.id, state, tx.now],
  );
  await appendAudit(tx, actor.audit, {
    action: state === 'applied' ? 'coupon_import.applied' : 'coupon_import.discard',
    entity: 'coupon_import',
    entityId: row.id,
    municipalityCode: row.municipality_code,
    before: { state: row.state },
    after: { state, ...detail },
  });
  return ended!;
}

/**
 * Applies up to `maxRows` more staged rows, a chunk per transaction, and answers the progress. An
 * import applied already answers as it is; a discarded or failed one cannot be applied (VALIDATION).
 */
export async function applyCouponImport(
  sql: HubSql,
  actor: ImportActor,
  importId: string,
  now: () => Date,
  maxRows = defaultApplyRows,
): Promise<CouponImportView> {
  let done = 0;
  for (;;) {
    const { result } = await runHubTransaction(sql, now(), async (tx) => {
      const row = await ownImport(tx, actor, importId, true);
      if (row.state === 'applied') return { row, finished: true };
      if (row.state !== 'previewed' && row.state !== 'applying') {
        throw new HubError('VALIDATION', `This import is ${row.state}; it cannot be applied.`, {
          fields: [{ path: 'importId', message: `${row.state} import` }],
        });
      }
      const chunk = await tx.query<StagedRow>(
        `SELECT row_number, ${stagedColumns.map((c) => `${c} AS "${fieldOf[c]}"`).join(', ')}
           FROM coupon_import_rows WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT $3`,
        [importId, row.applied_through, batchSize],
      );
      if (chunk.length === 0) {
        const applied = await endImport(tx, actor, row, 'applied', {
          inserted: row.inserted,
          updated: row.updated,
          unchanged: row.unchanged,
        });
        return { row: applied, finished: true };
      }
      const added = await ensureMunicipalities(
        tx,
        chunk.map((c) => c.municipalityCode),
      );
      const counts = await upsertCoupons(
        tx,
        chunk.map(({ row_number: _row, ...values }) => ({ id: randomUUID(), ...values })),
      );
      const through = chunk.at(-1)!.row_number;
      const [updated] = await tx.query<ImportRow>(
        `UPDATE coupon_imports SET state = 'applying', applied_through = $2, applied_rows = applied_rows + $3,
           inserted = inserted + $4, updated = updated + $5, unchanged = unchanged + $6,
           new_municipalities = new_municipalities || $7::text[], updated_at = $8
         WHERE id = $1 RETURNING *`,
        [importId, through, chunk.length, counts.inserted, counts.updated, counts.unchanged, added, tx.now],
      );
      await appendAudit(tx, actor.audit, {
        action: 'coupon_import.apply',
        entity: 'coupon_import',
        entityId: importId,
        municipalityCode: row.municipality_code,
        before: { appliedThrough: row.applied_through },
        after: { appliedThrough: through, ...counts },
      });
      return { row: updated!, finished: false, applied: chunk.length };
    });
    done += result.applied ?? 0;
    if (result.finished || done >= maxRows) return importViewOf(result.row);
  }
}

/** Discards an import not applied yet: its staged rows go (an applied one answers as it is). */
export async function discardCouponImport(
  sql: HubSql,
  actor: ImportActor,
  importId: string,
  now: Date,
): Promise<CouponImportView> {
  const { result } = await runHubTransaction(sql, now, async (tx) => {
    const row = await ownImport(tx, actor, importId, true);
    if (row.state === 'applied' || row.state === 'discarded') return row;
    return endImport(tx, actor, row, 'discarded', { appliedRows: row.applied_rows });
  });
  return importViewOf(result);
}

/** How long an import not applied keeps its staged rows (a desk closed halfway, an abandoned preview). */
export const staleImportHours = 24;

/**
 * Discards the imports untouched for staleImportHours that were never finished (run by the hub's
 * maintenance): their staged rows, personal data, do not stay in the database. Returns how many.
 */
export async function discardStaleImports(sql: HubSql, now: Date): Promise<number> {
  const stale = await sql.query<{ id: string }>(
    `SELECT id FROM coupon_imports WHERE state IN ('reading', 'previewed', 'applying', 'failed')
       AND updated_at < $1::timestamptz - make_interval(hours => $2) ORDER BY id LIMIT 100`,
    [now, staleImportHours],
  );
  let discarded = 0;
  for (const { id } of stale) {
    await runHubTransaction(sql, now, async (tx) => {
      const row = await importRow(tx, id, true);
      if (!row || row.state === 'applied' || row.state === 'discarded') return;
      await endImport(tx, commandLineImporter, row, 'discarded', {
        reason: 'stale',
        appliedRows: row.applied_rows,
      });
      discarded += 1;
    });
  }
  return discarded;
}
