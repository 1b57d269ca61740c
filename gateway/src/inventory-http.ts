/**
 * The inventory import by upload (the dashboard's): `POST /inventory/import?unit=<id>` with the file's
 * bytes as the body (content type .xlsx or text/csv) and the caller's `Authorization: Bearer …`. It runs
 * the same import as `pnpm import-inventory` (spreadsheets/src/inventory.ts) through the gateway's own
 * /graphql as the caller (self-client.ts), and answers the row-by-row report as JSON.
 */
import { CSV_TYPE, formatOf, InventoryFileError, XLSX_TYPE } from '@cq/spreadsheets/inventory-format';
import type { FastifyInstance } from 'fastify';
import { selfClient } from './self-client.ts';

/** A unit's inventory is a few hundred rows at most; 5 MB leaves room for formatting without inviting abuse. */
export const INVENTORY_BODY_LIMIT = 5 * 1024 * 1024;

const refuse = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

export async function serveInventoryImport(app: FastifyInstance): Promise<void> {
  // Its own scope: the file parsers apply to this route alone, never to /graphql.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      [XLSX_TYPE, CSV_TYPE, 'application/csv'],
      { parseAs: 'buffer', bodyLimit: INVENTORY_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post('/inventory/import', { bodyLimit: INVENTORY_BODY_LIMIT }, async (request, reply) => {
      const authorization = request.headers.authorization;
      if (!authorization) return reply.code(401).send(refuse('UNAUTHENTICATED', 'Send your token as Authorization: Bearer <token>.'));
      const unitId = (request.query as { unit?: string }).unit;
      if (!unitId) return reply.code(400).send(refuse('BAD_REQUEST', 'Name the unit: POST /inventory/import?unit=<id>.'));
      const format = formatOf(String(request.headers['content-type'] ?? ''));
      if (!format || !Buffer.isBuffer(request.body)) {
        return reply.code(415).send(refuse('UNSUPPORTED_MEDIA_TYPE', `Send the file with content type ${XLSX_TYPE} or ${CSV_TYPE}.`));
      }
      try {
        // The readers (exceljs, csv-parse) load with the first upload, not with every gateway.
        const { importInventoryFile } = await import('@cq/spreadsheets/inventory');
        const report = await importInventoryFile(selfClient(app, authorization, request.id), unitId, request.body, format, {
          source: 'an upload',
        });
        // A token the gateway refuses refuses the whole import, as at /graphql.
        if (report.rows.length && report.rows.every((row) => row.code === 'UNAUTHENTICATED')) {
          return reply.code(401).send(refuse('UNAUTHENTICATED', report.rows[0]?.message ?? 'Unauthenticated.'));
        }
        return reply.send(report);
      } catch (error) {
        if (error instanceof InventoryFileError) return reply.code(400).send(refuse(error.code, error.message));
        throw error;
      }
    });
  });
}
