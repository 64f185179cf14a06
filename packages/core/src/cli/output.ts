/** Where the CLI writes: process.stdout / process.stderr, or anything with `write` (tests). */
export interface CliOutput {
  write(text: string): unknown;
}
