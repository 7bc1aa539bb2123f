// Failures of the machine the user can fix (a full disk, a read-only folder, no permission)
// reach the CLI as Node system errors from wherever the write happened. They are the user's
// to fix, so they get one line and exit code 2 like any other bad input, not a stack trace.

const USER_FIXABLE: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENAMETOOLONG: "path too long",
  EMFILE: "too many open files",
};

/** The one line for a system error the user can fix, or null for anything else. */
export function userFixableSystemError(err: unknown): string | null {
  if (!(err instanceof Error)) return null;
  const e = err as NodeJS.ErrnoException;
  const why = e.code === undefined ? undefined : USER_FIXABLE[e.code];
  if (why === undefined) return null;
  return `${e.path ?? "a file"}: ${e.syscall ?? "access"} failed: ${e.code} (${why})`;
}
