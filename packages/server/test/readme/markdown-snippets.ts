/**
 * Reads the runnable parts of a Markdown file (README.md): its fenced code blocks, the shell commands in a
 * block with the variables each one defines and uses, and the columns of a table under a heading.
 *
 * How a snippet defines a variable, for its readers and for the test alike: a comment saying
 * `keep its "sid" as $SK` binds `$SK` to the `sid` field of the JSON answer of the next command (or of the
 * command that comment ends).
 */

export interface FencedBlock {
  /** The info string's first word: `sh`, `ts`, or "" for a bare fence. */
  readonly lang: string;
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

export interface ShellCommand {
  /** The command as written, continuation lines joined with their backslashes, trailing comment included. */
  readonly text: string;
  /** The command without its trailing comment. */
  readonly code: string;
  /** 1-based line in the Markdown file. */
  readonly line: number;
  /** Variables the command's JSON answer defines: `{ field: "sid", variable: "SK" }`. */
  readonly binds: readonly { readonly field: string; readonly variable: string }[];
  /** `$NAME` or `${NAME}` the command reads (command substitutions' own `$(` excluded). */
  readonly uses: readonly string[];
}

const FENCE = /^```(\S*)/;
const BINDING = /"([a-z_]+)" as \$([A-Z][A-Z0-9_]*)/g;
const VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g;

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? "");
    if (open === null) continue;
    const body: string[] = [];
    const line = index + 1;
    for (index++; index < lines.length && !(lines[index] ?? "").startsWith("```"); index++)
      body.push(lines[index] ?? "");
    blocks.push({ lang: open[1] ?? "", text: body.join("\n"), line });
  }
  return blocks;
}

/** The commands of a shell block in order; comment lines only carry bindings for the command after them. */
export function shellCommands(block: FencedBlock): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const lines = block.text.split("\n");
  let comments = "";
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index] ?? "";
    if (first.trim() === "") continue;
    if (first.trimStart().startsWith("#")) {
      comments += `${first}\n`;
      continue;
    }
    const line = block.line + 1 + index;
    let text = first;
    while (text.endsWith("\\") && index + 1 < lines.length) text += `\n${lines[++index] ?? ""}`;
    const code = withoutComment(text);
    const binds = [...`${comments}${text.slice(code.length)}`.matchAll(BINDING)].map((match) => ({
      field: match[1] ?? "",
      variable: match[2] ?? "",
    }));
    const uses = [...new Set([...code.matchAll(VARIABLE)].map((match) => match[1] ?? ""))];
    commands.push({ text, code, line, binds, uses });
    comments = "";
  }
  return commands;
}

/** The command up to an unquoted `#` that starts a word, as the shell reads it. */
function withoutComment(command: string): string {
  let quote: string | null = null;
  for (let index = 0; index < command.length; index++) {
    const char = command[index];
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (char === "\\" && quote === '"') index++;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "\\") index++;
    else if (char === "#" && (index === 0 || /\s/.test(command[index - 1] ?? "")))
      return command.slice(0, index).trimEnd();
  }
  return command.trimEnd();
}

/** The method and path a curl command sends, as written: `POST /v1/Keys/$RK` (query string left out). */
export function curlRequest(command: ShellCommand): string {
  const explicit = /(?:^|\s)-X\s+([A-Z]+)/.exec(command.code)?.[1];
  const hasBody = /(?:^|\s)(?:-d|--data[a-z-]*)\s/.test(command.code);
  const method = explicit ?? (hasBody ? "POST" : "GET");
  const url = /"\$LK(\/[^"?]*)/.exec(command.code)?.[1];
  if (url === undefined) throw new Error(`README line ${command.line}: no "$LK/..." URL in ${command.text}`);
  return `${method} ${url}`;
}

/** The cells of one column of the first table after `heading`, header and separator rows left out. */
export function tableColumn(markdown: string, heading: string, column: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start === -1) throw new Error(`no heading ${JSON.stringify(heading)}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#")) break;
    if (line.trimStart().startsWith("|")) rows.push(tableCells(line));
    else if (rows.length > 0) break;
  }
  const [header, , ...body] = rows;
  const at = header?.indexOf(column) ?? -1;
  if (at === -1) throw new Error(`the table under ${heading} has no column ${JSON.stringify(column)}`);
  return body.map((cells) => cells[at] ?? "");
}

function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}
