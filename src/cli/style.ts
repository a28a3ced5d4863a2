/** Terminal styling: colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  const noColor = process.env.NO_COLOR;
  return !!stream.isTTY && (noColor === undefined || noColor === "");
}

const wrap = (code: number, reset: number) => (stream: NodeJS.WriteStream, text: string) =>
  useColor(stream) ? `\u001b[${code}m${text}\u001b[${reset}m` : text;

export const red = wrap(31, 39);
export const yellow = wrap(33, 39);
export const bold = wrap(1, 22);
export const dim = wrap(2, 22);
