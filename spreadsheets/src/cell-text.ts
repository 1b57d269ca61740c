/**
 * Text written into a CSV file that a spreadsheet opens: a cell that begins as a formula would (`=`, `+`,
 * `-`, `@`, a tab or a return) is prefixed with an apostrophe, so Excel shows the text instead of running
 * it (a system named `=HYPERLINK(…)` stays a name). Numbers are written as numbers and are never touched:
 * a negative amount keeps its sign. An .xlsx needs none of this: exceljs writes strings as strings.
 */
export const csvText = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
