// Unknown commands and arguments, named one per line as the user typed them, with the
// nearest known command when one is close (yargs' own messages join them, or suggest a
// command for any typo however far).
import { InputError } from "../errors.ts";

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}

/** Throws for a first word that names no command ("lsit" → did you mean list?). */
export function checkCommandName(argv: readonly string[], names: readonly string[]): void {
  const first = argv[0];
  if (first === undefined || first.startsWith("-") || names.includes(first)) return;
  const near = names.filter((n) => distance(first, n) <= 2 || (first.length >= 3 && n.startsWith(first)));
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
