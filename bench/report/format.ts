/** Plain-text tables for the terminal and for docs/benchmarks.md (Markdown pipe tables read well in both). */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const numeric = headers.map((_, column) => rows.every((row) => /^[-\d.,$%×x/ ]*$/.test(String(row[column] ?? ''))));
  const line = (row: readonly string[]) =>
    `| ${row
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric[column] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(cells[0] ?? []), rule, ...cells.slice(1).map(line)].join('\n');
}

export const fixed = (value: number, places = 1): string => value.toFixed(places);
export const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
