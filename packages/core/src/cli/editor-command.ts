import { split } from "shlex";

/**
 * The editor to run, as argv: `$VISUAL`, else `$EDITOR`, else `vi`, split into words the way a
 * POSIX shell splits them (quotes and backslashes), as sops does, so `code --wait` or a quoted path
 * with spaces work. The result is spawned directly, never through a shell. Throws an error naming
 * the variable when it cannot be split or is blank.
 */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const variable = env.VISUAL ? "VISUAL" : env.EDITOR ? "EDITOR" : undefined;
  const value = variable ? (env[variable] ?? "") : "vi";
  let argv: string[];
  try {
    argv = split(value);
  } catch (error) {
    throw new Error(
      `$${variable} (${value}) cannot be split into a command: ${(error as Error).message}; fix its quoting`,
    );
  }
  if (argv.length === 0)
    throw new Error(`$${variable} is blank: set it to an editor command, e.g. "vi" or "code --wait"`);
  return argv;
}
