/**
 * Reads CSV as spreadsheets export it (RFC 4180): quoted fields with "" for a quote, commas,
 * semicolons (European Excel) or tabs as separators (whichever the header line uses most), CRLF or LF,
 * a byte-order mark. Each cell keeps its 1-based line and column for error messages.
 */
export interface Cell {
  text: string;
  line: number;
  column: number;
}

export function parseCsv(text: string): Cell[][] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const separator = [",", ";", "\t"].reduce((best, s) => (firstLine.split(s).length > firstLine.split(best).length ? s : best), ",");
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let field = "";
  let quoted = false;
  let line = 1, column = 1;
  let start = { line: 1, column: 1 };
  const endField = () => {
    row.push({ text: field.trim(), ...start });
    field = "";
  };
  const endRow = () => {
    if (row.some((f) => f.text !== "")) rows.push(row);
    row = [];
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
        column++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === separator) {
      endField();
      start = { line, column: column + 1 };
    } else if (c === "\r" || c === "\n") {
      endField();
      endRow();
      if (c === "\r" && body[i + 1] === "\n") i++;
      start = { line: line + 1, column: 1 };
    } else field += c;
    // Where the next character is: after \n (or a lone \r), in or out of quotes, a new line begins.
    const last = body[i];
    if (last === "\n" || (last === "\r" && body[i + 1] !== "\n")) [line, column] = [line + 1, 1];
    else column++;
  }
  if (field !== "" || row.length) {
    endField();
    endRow();
  }
  return rows;
}
