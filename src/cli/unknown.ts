// Unknown commands and arguments, named one per line as the user typed them, with the
// nearest known command when one is close (yargs' own messages join them, or suggest a
// command for any typo however far).
import { InputError } from "../errors.ts";

/** Edits between two words (insert, delete, substitute, swap two neighbours), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Throws for a first word that names no command ("lsit" → did you mean list?). */
export function checkCommandName(argv: readonly string[], names: readonly string[]): void {
  const first = argv[0];
  if (first === undefined || first.startsWith("-") || names.includes(first)) return;
  // one slip in a short word, two in a longer one; or the start of a command's name
  const near = names.filter((n) => distance(first, n) <= (first.length <= 4 ? 1 : 2) || (first.length >= 3 && n.startsWith(first)));
  throw new InputError(`unknown command ${JSON.stringify(first)}${near.length ? `: did you mean ${near.join(" or ")}?` : ""} `
    + `(commands: ${names.join(", ")}; see --help)`);
}

/**
 * yargs' "Unknown arguments: a, b" as one line per argument, each spelled as typed
 * (--flag or a stray word); null for any other message.
 */
export function unknownArguments(msg: string, argv: readonly string[]): string | null {
  const m = /^Unknown arguments?: (.*)$/s.exec(msg.trim());
  if (!m) return null;
  return m[1].split(", ").map((name) => {
    const typed = argv.find((a) => a === name || a.replace(/^-+/, "").split("=")[0] === name);
    return `unknown argument ${typed?.split("=")[0] ?? name} (see --help for the options)`;
  }).join("\n");
}
