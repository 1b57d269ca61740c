/**
 * GET /reports/:report.(xlsx|csv)?asOf=YYYY-MM-DD[&year=YYYY][&sheet=slug]: the dashboard's report export.
 * The report is read through the gateway's own pipeline with the caller's Authorization header (selfClient),
 * so the caller gets exactly what its role may read at /graphql; a refusal answers with the graph's code.
 * A CSV holds one sheet: the main one, or the one `sheet` names (e.g. progress's `by-coordinating-unit`).
 */
import type { ReportFormat } from '@cq/spreadsheets/report';
import type { FastifyInstance } from 'fastify';
import { selfClient } from './self-client.ts';

/** The HTTP status each refusal code answers with; anything else is the gateway failing to answer. */
const STATUS_OF: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

const FILE = /^([a-z-]+)\.([a-z]+)$/;

export async function serveReports(app: FastifyInstance): Promise<void> {
  app.get('/reports/:file', async (request, reply) => {
    // The writers (exceljs, csv-stringify) load with the first export, not with every gateway.
    const { askedByOf, CONTENT_TYPES, exportReport, FORMATS, isReportName, ReportRefused } = await import('@cq/spreadsheets/report');
    const refuse = (code: string, message: string) =>
      reply
        .code(STATUS_OF[code] ?? 502)
        .header('cache-control', 'no-store')
        .send({ errors: [{ message, extensions: { code } }] });
    const match = FILE.exec((request.params as { file: string }).file);
    const [, report = '', format = ''] = match ?? [];
    if (!isReportName(report) || !FORMATS.includes(format as ReportFormat)) return reply.callNotFound();
    const query = request.query as { asOf?: string; year?: string; sheet?: string };
    if (!query.asOf) return refuse('BAD_USER_INPUT', 'Give the day to report on: ?asOf=YYYY-MM-DD.');
    if (query.year !== undefined && !/^\d{4}$/.test(query.year)) return refuse('BAD_USER_INPUT', 'The year is written YYYY.');

    const authorization = request.headers.authorization;
    const client = selfClient(app, authorization, request.id);
    try {
      const { files } = await exportReport(
        client,
        { report, asOf: query.asOf, year: query.year === undefined ? undefined : Number(query.year), format: format as ReportFormat },
        {
          askedBy: askedByOf(authorization?.match(/^Bearer\s+(\S+)/i)?.[1]),
          generatedAt: new Date(),
          gatewayUrl: `${request.protocol}://${request.host}/graphql`,
        },
      );
      const file = format === 'csv' && query.sheet ? files.find((f) => f.sheet === query.sheet) : files[0];
      if (!file) return refuse('BAD_USER_INPUT', `This report has no sheet "${query.sheet}": ${files.map((f) => f.sheet).join(', ')}.`);
      return (
        reply
          .header('content-type', CONTENT_TYPES[format as ReportFormat])
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          // The file holds what the caller's role may read: no shared cache keeps it.
          .header('cache-control', 'no-store')
          .send(file.body)
      );
    } catch (error) {
      if (error instanceof ReportRefused) return refuse(error.code, error.message);
      throw error;
    }
  });
}
