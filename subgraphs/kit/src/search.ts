import { ilike, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { Converter } from 'opencc-js/t2cn';

/** Official names are stored in simplified Chinese; a search typed in traditional characters finds them too. */
const toSimplified = Converter({ from: 't', to: 'cn' });

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Matches rows whose name columns contain the text, in English (any case) or in either Chinese script. */
export function nameContains(text: string, columns: PgColumn[]): SQL | undefined {
  const needle = text.trim();
  if (!needle) return undefined;
  const patterns = [...new Set([needle, toSimplified(needle)])].map((t) => `%${escapeLike(t)}%`);
  return or(...columns.flatMap((column) => patterns.map((p) => ilike(column, p))));
}
