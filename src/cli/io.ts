// Where a command prints. The real binary passes the process's streams; tests pass string
// collectors and call the CLI in-process. Commands receive it as `args.io` (yargs merges the
// parse context into every command's arguments).

export interface OutStream {
  write(text: string): unknown;
  /** a terminal gets live progress lines */
  isTTY?: boolean;
  /** terminal width, for the help text */
  columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
}

/** The `io` key every command's arguments carry. */
export interface WithIo {
  io: CliIo;
}
