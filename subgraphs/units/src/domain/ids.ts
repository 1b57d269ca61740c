/**
 * Requests (extension, reclassification) are numbered by a PostgreSQL serial, but travel as GraphQL IDs:
 * any text, or a JSON number the ID scalar turned into one ("-1e+21"). Only a positive whole number a
 * serial can hold names a request; anything else names none, and is never handed to the database, which
 * would refuse it as no integer.
 */
const SERIAL = /^[1-9]\d{0,9}$/;
const SERIAL_MAX = 2_147_483_647;

/** The serial number an ID names, or undefined when it names none. */
export function serialOf(id: string): number | undefined {
  const n = SERIAL.test(id) ? Number(id) : Number.NaN;
  return n <= SERIAL_MAX ? n : undefined;
}
