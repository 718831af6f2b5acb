/**
 * Thrown when a HIC "counts by CoC" file cannot be imported: unreadable,
 * too large, a required column missing, a bad cell or an inconsistent row.
 * The message always names the place: file line (1-based), column name and the
 * offending value when there is one. Nothing is written when it is thrown.
 */
export class HicImportError extends Error {
  override readonly name = 'HicImportError';

  /**
   * @param problem what is wrong, e.g. `"12x" is not a non-negative whole number`
   * @param where optional place: 1-based file `line`, header `column` name and the raw `value`
   */
  constructor(
    readonly problem: string,
    readonly where: { line?: number; column?: string; value?: string } = {},
  ) {
    super(HicImportError.describe(problem, where));
  }

  /** 1-based line of the file the problem is on, when known. */
  get line(): number | undefined {
    return this.where.line;
  }

  /** Header name of the column the problem is in, when known. */
  get column(): string | undefined {
    return this.where.column;
  }

  /** The raw cell value, when the problem is one cell. */
  get value(): string | undefined {
    return this.where.value;
  }

  private static describe(problem: string, where: { line?: number; column?: string }): string {
    const place = [where.line !== undefined ? `line ${where.line}` : null, where.column !== undefined ? `column "${where.column}"` : null].filter(
      (p): p is string => p !== null,
    );
    return place.length > 0 ? `${place.join(', ')}: ${problem}` : problem;
  }
}
