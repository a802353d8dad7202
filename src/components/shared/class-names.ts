/** Joins class names, skipping empty ones; the caller's class goes last so it wins ties (shadcn's `cn`). */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(' ');
}
