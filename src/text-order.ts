/**
 * Code-unit order for machine strings (ISO dates, kebab-case keys, endpoint names). For these it
 * is the order localeCompare gives, without loading ICU's collation data (~2.6 MB of a process's
 * memory) to sort a few ASCII words. Text people read (case names) still sorts with localeCompare.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
