// The width of text in terminal columns, which yargs' help layout (cliui, wrap-ansi) measures
// its cells with. The build (scripts/build.mjs) puts this module in place of the string-width
// package they import: string-width builds Unicode property regexes (RGI emoji among them)
// and an Intl.Segmenter as it loads, a visible part of every command's start in a
// `node --cpu-prof` profile, though only --help and usage errors lay text out. It gives
// string-width's widths for what wattsweep prints, in English (cli/main.ts fixes yargs'
// locale; test/cli/displayWidth.test.ts compares every help line): a column per character,
// none for escape sequences, control, format and combining characters, two for East Asian
// wide and fullwidth characters and the common emoji blocks. Scripts whose marks combine
// into clusters (Devanagari, Thai) would be laid out wider than string-width does.

/** CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks). */
const ESCAPES = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;
/** Code point ranges two columns wide: Hangul Jamo, CJK, Hangul syllables, fullwidth forms, emoji. */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

export default function displayWidth(text: unknown): number {
  if (typeof text !== "string") return 0;
  let width = 0;
  for (const ch of text.replace(ESCAPES, "")) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) width++;
    else if (!ZERO_WIDTH.test(ch)) width += WIDE.some(([lo, hi]) => code >= lo && code <= hi) ? 2 : 1;
  }
  return width;
}
