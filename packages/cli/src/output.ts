/** Where a command writes; tests pass their own to capture it. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value));
}

/**
 * Left-aligned columns two spaces apart, a header row first. SECURITY: control characters in a cell
 * (a friendly name is anyone's text) become spaces, so no value can move the cursor, recolour the
 * terminal or fake a row of its own.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (cell: string) => cell.replace(/\p{Cc}/gu, " ");
  const lines = [headers, ...rows].map((row) => headers.map((_, column) => clean(row[column] ?? "")));
  const widths = headers.map((_, column) => Math.max(...lines.map((line) => line[column]?.length ?? 0)));
  return lines
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** `  Label:   value` lines, the values in one column (credentials a person copies from the terminal). */
export function labelled(rows: readonly (readonly [string, string])[], indent = "  "): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return rows.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)} ${value}`);
}
