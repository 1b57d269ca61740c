/**
 * Writes the shipped inventory template, spreadsheets/templates/inventory.xlsx and inventory.csv, from the
 * columns' definition (spreadsheets/src/inventory-columns.ts). Run it after changing the columns and
 * commit both files; spreadsheets/test/inventory.test.ts fails while they are stale.
 *   pnpm inventory-template
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '@cq/schema';
import { inventoryTemplateCsv, inventoryTemplateXlsx, workbookContent } from '@cq/spreadsheets/inventory-template';

const folder = resolve(repoRoot, 'spreadsheets/templates');
const xlsxPath = resolve(folder, 'inventory.xlsx');
const xlsx = await inventoryTemplateXlsx();
// A zip file carries the time it was written: the workbook is rewritten only when what it holds changed.
const same = existsSync(xlsxPath) && (await workbookContent(readFileSync(xlsxPath))) === (await workbookContent(xlsx));
if (!same) writeFileSync(xlsxPath, xlsx);
writeFileSync(resolve(folder, 'inventory.csv'), inventoryTemplateCsv());
console.log(`inventory-template: ${same ? 'kept' : 'wrote'} ${xlsxPath}; wrote inventory.csv`);
